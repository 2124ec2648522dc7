import { Client, type Room } from "@colyseus/sdk";
import { accessToken, sessionStore } from "../lib/session.js";
import { Store } from "../lib/store.js";
import { newId } from "../lib/ids.js";
import type { Notice, PlainTable, TableModel } from "./model.js";

/**
 * One table connection: joins (create / joinOrCreate / joinById / spectate), keeps a plain-JSON
 * copy of the room state for rendering, sends actions with unique ids and matches their acks,
 * and reconnects by itself: the SDK's token reconnect first, then `joinById` with the same
 * account (the server gives the seat back), with "reconnecting…" shown meanwhile.
 */

export type OpenRequest =
  | { kind: "create"; roomName: string; options: Record<string, unknown> }
  | { kind: "joinOrCreate"; roomName: string; options: Record<string, unknown> }
  | { kind: "joinById"; roomId: string; options: Record<string, unknown> }
  | { kind: "resume"; roomId: string }
  | { kind: "spectate"; roomId: string };

const SAVED_KEY = (roomId: string) => `diwan.room.${roomId}`;
/**
 * Close codes after which we come back through joinById: the SDK gave up reconnecting with its
 * token (4003), the room was too young for its automatic reconnection (1006), the server shut
 * down (4001: the table resumes elsewhere). Others end the connection: a consented leave (4000),
 * the seat taken over by another tab or device (4002), a normal close of a disposed room (1000).
 */
const REJOIN_CODES = new Set([1001, 1005, 1006, 4001, 4003, 4010]);
const MAX_REJOINS = 8;
/** The table was paused and unloaded for inactivity (docs/PROTOCOL.md §5b): opened again only on request. */
const IDLE_UNLOADED = 4100;
/**
 * After a server crash the table's old process holds the match until its lease lapses
 * (MATCH_LEASE_S, default 60 s): `joinById` answers TABLE_BUSY meanwhile, and we keep trying
 * (every 8 s at most) for this long before giving up.
 */
const MAX_BUSY_MS = 180_000;

interface Saved {
  token: string;
  roomName: string;
}

export class TableConnection {
  readonly store: Store<TableModel>;
  private room: Room | null = null;
  private readonly client = new Client(location.origin);
  /** Actions sent and not yet acknowledged: resent with the same id after a reconnect (idempotent). */
  private readonly pending = new Map<string, unknown>();
  private closedByUser = false;
  private rejoins = 0;
  private readonly eventListeners = new Set<(events: unknown[]) => void>();

  constructor(private readonly request: OpenRequest) {
    this.store = new Store<TableModel>({
      status: "connecting",
      roomId: "roomId" in request ? request.roomId : "",
      roomName: "roomName" in request ? request.roomName : "",
      spectator: request.kind === "spectate",
      state: null,
      mySeat: -1,
      notices: [],
      warning: null,
      idleDeadline: 0,
      pauseRequests: [],
      matchEnded: null,
      boxScore: null,
      failure: null,
    });
  }

  get roomId(): string {
    return this.store.get().roomId;
  }

  private patch(change: Partial<TableModel>): void {
    this.store.set({ ...this.store.get(), ...change });
  }

  /** Subscribe to `events` messages (game components fold them, e.g. into the score sheet). */
  onEvents(listener: (events: unknown[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  async open(): Promise<void> {
    try {
      this.client.auth.token = await accessToken();
      const room = await this.joinFor(this.request);
      this.attach(room);
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }

  private async joinFor(req: OpenRequest): Promise<Room> {
    switch (req.kind) {
      case "create":
        return this.client.create(req.roomName, withClientSeed(req.options));
      case "joinOrCreate":
        return this.client.joinOrCreate(req.roomName, withClientSeed(req.options));
      case "joinById":
        return this.client.joinById(req.roomId, withClientSeed(req.options));
      case "spectate":
        return this.client.joinById(req.roomId, { spectate: true });
      case "resume": {
        const saved = readSaved(req.roomId);
        if (saved) {
          try {
            return await this.client.reconnect(saved.token);
          } catch {
            // The token is single-use or the grace period ended: rejoin by id with the same account.
          }
        }
        return this.client.joinById(req.roomId, {});
      }
    }
  }

  private attach(room: Room): void {
    this.room = room;
    room.reconnection.minUptime = 1_000;
    const saved: Saved = { token: room.reconnectionToken, roomName: room.name };
    if (this.request.kind !== "spectate") sessionStorage.setItem(SAVED_KEY(room.roomId), JSON.stringify(saved));
    this.patch({ status: "connected", roomId: room.roomId, roomName: room.name || readSaved(room.roomId)?.roomName || "", failure: null });

    room.onStateChange((state) => this.onState(state));
    room.onMessage("ack", (ack: { id: string; ok: boolean; events?: unknown[]; error?: { code: string; message: string } }) => {
      // The table is going down (4001 follows): the move stays pending and is re-sent once back.
      if (!ack.ok && ack.error?.code === "SERVER_SHUTDOWN") return;
      this.pending.delete(ack.id);
      if (!ack.ok && ack.error) this.notice(ack.error.code, ack.error.message);
      // Our own move's events come in its ack, not in an events message (docs/PROTOCOL.md §4).
      if (ack.ok && ack.events?.length) this.emitEvents(ack.events);
    });
    room.onMessage("error", (err: { code: string; message: string }) => this.notice(err.code, err.message));
    room.onMessage("events", (msg: { events: unknown[] }) => this.emitEvents(msg.events));
    room.onMessage("turnWarning", (w: { seat: number; deadline: number; remainingMs: number }) => this.patch({ warning: w }));
    room.onMessage("idleWarning", (w: { deadline: number }) => this.patch({ idleDeadline: w.deadline }));
    room.onMessage("pauseRequested", (r: { seat: number; name: string }) =>
      this.patch({ pauseRequests: [...this.store.get().pauseRequests.filter((x) => x.seat !== r.seat), r] }),
    );
    room.onMessage("matchEnded", (m: TableModel["matchEnded"]) => {
      this.patch({ matchEnded: m });
      room.send("boxScore");
    });
    room.onMessage("boxScore", (box: unknown) => this.patch({ boxScore: box }));
    room.onDrop(() => this.patch({ status: "reconnecting" }));
    room.onReconnect(() => {
      this.patch({ status: "connected" });
      this.resendPending();
    });
    room.onLeave((code, reason) => void this.onLeave(code, reason));
    if (room.state) this.onState(room.state);
  }

  private emitEvents(events: unknown[]): void {
    for (const listener of this.eventListeners) listener(events);
  }

  private onState(state: unknown): void {
    const plain = (state as { toJSON(): PlainTable }).toJSON();
    if (!Array.isArray(plain.seats)) return; // the first full state has not arrived yet
    const me = sessionStore.get()?.user.id;
    const mySeat = this.request.kind === "spectate" ? -1 : plain.seats.findIndex((s) => s.userId !== "" && s.userId === me);
    const warning = this.store.get().warning;
    this.patch({
      state: plain,
      mySeat,
      // A warning belongs to one turn: drop it once that turn's deadline changed.
      warning: warning && warning.deadline === plain.deadline ? warning : null,
      // Requests are answered by a pause.
      pauseRequests: plain.status === "playing" ? this.store.get().pauseRequests : [],
    });
  }

  /** The phone woke up or the network came back: a table that gave up after drops tries again. */
  wake(): void {
    const failure = this.store.get().failure;
    if (this.store.get().status !== "failed" || this.closedByUser || !failure || !REJOIN_CODES.has(Number(failure.code))) return;
    this.rejoins = 0;
    void this.onLeave(Number(failure.code), failure.message);
  }

  private async onLeave(code: number, reason?: string): Promise<void> {
    this.room = null;
    if (this.closedByUser || this.store.get().state?.status === "finished") {
      this.patch({ status: "closed" });
      return;
    }
    if (code === IDLE_UNLOADED) {
      // Paused and stored for inactivity: no automatic rejoin (that would load it again at once).
      this.patch({ status: "unloaded", idleDeadline: 0 });
      return;
    }
    if (!REJOIN_CODES.has(code)) {
      this.patch(code === 4000 ? { status: "closed" } : { status: "failed", failure: { code: String(code), message: reason ?? "" } });
      return;
    }
    // The SDK could not reconnect with its token: come back through joinById with the same account.
    this.patch({ status: "reconnecting" });
    const busyUntil = Date.now() + MAX_BUSY_MS;
    while (!this.closedByUser && this.rejoins < MAX_REJOINS) {
      this.rejoins++;
      await new Promise((r) => setTimeout(r, Math.min(8_000, 500 * 2 ** (this.rejoins - 1))));
      try {
        this.client.auth.token = await accessToken();
        const room = await this.client.joinById(this.roomId, this.request.kind === "spectate" ? { spectate: true } : {});
        this.rejoins = 0;
        this.attach(room);
        this.resendPending();
        return;
      } catch (err) {
        if (errorCode(err) === "GAME_ENDED") {
          this.patch({ status: "closed" });
          return;
        }
        // Resumable, not yet: its old process still holds it (crash) — not counted as a failed try.
        if (errorCode(err) === "TABLE_BUSY" && Date.now() < busyUntil) this.rejoins = Math.min(this.rejoins, MAX_REJOINS - 1);
      }
    }
    this.patch({ status: "failed", failure: { code: String(code), message: reason ?? "" } });
  }

  private resendPending(): void {
    for (const [id, action] of this.pending) this.room?.send("action", { id, action });
  }

  private notice(code: string, message: string): void {
    const notice: Notice = { id: newId(), code, message };
    this.patch({ notices: [...this.store.get().notices.slice(-4), notice] });
  }

  dismiss(id: string): void {
    this.patch({ notices: this.store.get().notices.filter((n) => n.id !== id) });
  }

  private fail(err: unknown): void {
    this.patch({ status: "failed", failure: { code: errorCode(err), message: errorMessage(err) } });
  }

  /** Send one of `legalActions` (parsed JSON); the ack arrives as a notice when refused. */
  act(action: unknown): void {
    const id = newId();
    this.pending.set(id, action);
    const mySeat = this.store.get().mySeat;
    this.room?.send("action", mySeat >= 0 ? { id, action, seat: mySeat } : { id, action });
  }

  /** Table-level messages that are not actions (seat, fillBots, start, pause, resume, pauseRequest). */
  send(type: "seat" | "fillBots" | "start" | "pause" | "resume" | "pauseRequest", payload?: unknown): void {
    this.room?.send(type, payload);
  }

  /** Answer an idle warning: any message counts as activity (the box score is a harmless one). */
  stillHere(): void {
    this.patch({ idleDeadline: 0 });
    this.room?.send("boxScore");
  }

  /** Open a table unloaded for inactivity again (the server loads it; an idle pause then ends by itself). */
  reopen(): void {
    if (this.store.get().status !== "unloaded") return;
    this.rejoins = 0;
    void this.onLeave(4001, "reopen");
  }

  async leave(): Promise<void> {
    this.closedByUser = true;
    sessionStorage.removeItem(SAVED_KEY(this.roomId));
    await this.room?.leave(true).catch(() => undefined);
    this.patch({ status: "closed" });
  }

  /** Drop the socket without consent (the page is going away): the seat is held for a reconnect. */
  detach(): void {
    this.closedByUser = true;
    this.room?.connection.close();
  }
}

function readSaved(roomId: string): Saved | null {
  try {
    const raw = sessionStorage.getItem(SAVED_KEY(roomId));
    return raw ? (JSON.parse(raw) as Saved) : null;
  } catch {
    return null;
  }
}

/** Join errors carry the server's string code at the start of the message ("TABLE_FULL: …"). */
export function errorCode(err: unknown): string {
  const message = errorMessage(err);
  const match = /^([A-Z_]{3,}):/.exec(message);
  return match?.[1] ?? "ERROR";
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Our share of the dealing seed (docs/FAIRNESS.md): a fresh random client seed per join. */
function withClientSeed(options: Record<string, unknown>): Record<string, unknown> {
  return { clientSeed: crypto.randomUUID(), ...options };
}
