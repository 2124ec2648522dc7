import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/platform/logger.js";
import { Client, type Room } from "@colyseus/sdk";
import { matchMaker } from "@colyseus/core";
import { startDiwan } from "../../src/platform/assembly.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { TokenService } from "../../src/services/tokens.js";
import { TEST_JWT_SECRET, testConfig } from "./env.js";

export const tokens = new TokenService(TEST_JWT_SECRET);

export interface TestUser {
  id: string;
  name: string;
  token: string;
}

/** A signed-in user (the rooms only need a valid access token; no account row is required). */
export async function makeUser(name = "Player", options: { guest?: boolean; role?: "player" | "admin" } = {}): Promise<TestUser> {
  const id = randomUUID();
  const token = await tokens.signAccessToken({ sub: id, name, role: options.role ?? "player", guest: options.guest ?? false });
  return { id, name, token };
}

/**
 * An SDK client whose rooms record every message from the moment they exist, so nothing the
 * server sends right after the join (events of a starting match) meets a room without a
 * handler (the SDK would warn "onMessage() not registered").
 */
class RecordingClient extends Client {
  protected override createRoom<T>(roomName: string, rootSchema?: unknown): Room<T> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's own signature is loosely typed
    const room = super.createRoom(roomName, rootSchema as any) as Room<T>;
    Recorded.of(room as Room);
    return room;
  }
}

export function sdkClient(url: string, user?: TestUser): Client {
  const client = new RecordingClient(url);
  if (user) client.auth.token = user.token;
  return client;
}

/** Everything a test client saw: state via the room, plus every message by type. */
export class Recorded {
  private static readonly byRoom = new WeakMap<Room, Recorded>();
  readonly messages: { type: string; payload: unknown }[] = [];
  /** One recorder per room: constructing again returns the one already attached. */
  constructor(readonly room: Room) {
    const existing = Recorded.byRoom.get(room);
    if (existing) return existing;
    room.onMessage("*", (type, payload) => this.messages.push({ type: String(type), payload }));
    Recorded.byRoom.set(room, this);
  }
  /** The recorder already attached to a room (or a new one). */
  static of(room: Room): Recorded {
    return Recorded.byRoom.get(room) ?? new Recorded(room);
  }
  of<T = unknown>(type: string): T[] {
    return this.messages.filter((m) => m.type === type).map((m) => m.payload as T);
  }
  /**
   * The event log as this client received it, in arrival order: every `events` message and the
   * events an accepted action's ack carries for its sender (docs/PROTOCOL.md §4), as `{ seq, events }`.
   */
  events<T = { seq: number; events: unknown[]; catchUp?: boolean }>(): T[] {
    const out: T[] = [];
    for (const m of this.messages) {
      if (m.type === "events") out.push(m.payload as T);
      else if (m.type === "ack") {
        const ack = m.payload as { ok: boolean; seq?: number; events?: unknown[] };
        if (ack.ok && ack.events?.length) out.push({ seq: ack.seq, events: ack.events } as T);
      }
    }
    return out;
  }
}

export async function until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Send an action and wait for its ack. */
export async function act(rec: Recorded, action: unknown, id: string = randomUUID()): Promise<{ id: string; ok: boolean; seq?: number; error?: { code: string; message: string } }> {
  const before = rec.of("ack").length;
  rec.room.send("action", { id, action });
  await until(() => rec.of<{ id: string }>("ack").slice(before).some((a) => a.id === id), 10_000, `ack of ${id}`);
  return rec.of<{ id: string; ok: boolean }>("ack").slice(before).find((a) => a.id === id) as { id: string; ok: boolean };
}

/** The server-side room instance (tests run the server in-process). */
export function localRoom<T>(roomId: string): T {
  const room = matchMaker.getLocalRoomById(roomId);
  if (!room) throw new Error(`room ${roomId} is not in this process`);
  return room as unknown as T;
}

/**
 * A real Diwan server for the enclosing `describe` (started before, shut down after).
 * One Colyseus server per process at a time: suites run one after another.
 */
export function useServer(overrides: Record<string, string> = {}, options: { logger?: Logger } = {}): () => DiwanServer {
  let server: DiwanServer | undefined;
  before(async () => {
    server = await startDiwan(testConfig(overrides), options.logger);
  });
  after(async () => {
    await server?.shutdown();
  });
  return () => {
    if (!server) throw new Error("server not started");
    return server;
  };
}

/** A server logger that keeps every line (parsed) in memory, for tests that assert on logs. */
export function capturingLogger(level = "debug"): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}
