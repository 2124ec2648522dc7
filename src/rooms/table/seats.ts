import { CloseCode, type Deferred, type Client } from "@colyseus/core";
import type { ArraySchema } from "@colyseus/schema";
import type { Seat } from "../../games/core/GameDefinition.js";
import type { SeatState, TableState } from "../../schema/TableState.js";
import type { AccessClaims } from "../../services/tokens.js";
import type { TableClient } from "./client.js";

/** Server-side record of a seat (the schema mirrors its public part). */
export interface SeatRecord {
  index: number;
  team: number;
  userId: string | null;
  name: string;
  guest: boolean;
  /** Seated as a bot from the start. */
  isBot: boolean;
  /** A bot plays for the seated user (grace expired, left, or too many timeouts). */
  botControlled: boolean;
  sessionId: string | null;
  connected: boolean;
  reconnection: Deferred<Client> | null;
  consecutiveTimeouts: number;
}

export interface SeatsHost {
  readonly state: TableState & { seats: ArraySchema<SeatState> };
  /** Private tables have a host seat (the first player seated). */
  readonly hasHost: boolean;
  /** The private table's join code, shown to its seated players ("" for other tables). */
  readonly joinCode: string;
  clientById(sessionId: string): TableClient | undefined;
  /** Log a room-caused entry (bot takeover, seat reclaimed). */
  logRoomEntry(seat: Seat, event: Record<string, unknown>): void;
  /** A connection's StateView gained or lost a seat: its next patch carries that (table/patchSweep.ts). */
  viewsChanged(): void;
}

export type BotTakeoverReason = "left" | "timeouts" | "grace";

/**
 * The seats: who sits where, reservation for a user, binding a connection to a seat,
 * reconnection (the seat held meanwhile), bots seated from the start, bot takeover and the
 * user's reclaim. Every change is mirrored into the public seat schema.
 */
export class Seats {
  /** Made by `map`, so its backing store holds exactly the seats (a pushed-to array keeps 17 slots). */
  readonly list: SeatRecord[];
  /** Users seated here at some point (they may watch a private table without its code). */
  private readonly everSeated = new Set<string>();

  constructor(
    private readonly host: SeatsHost,
    teams: number[],
  ) {
    this.list = teams.map((team, index) => ({
        index,
        team,
        userId: null,
        name: "",
        guest: false,
        isBot: false,
        botControlled: false,
        sessionId: null,
        connected: false,
        reconnection: null,
        consecutiveTimeouts: 0,
      }));
  }

  get(index: number): SeatRecord | undefined {
    return this.list[index];
  }

  ofUser(userId: string): SeatRecord | undefined {
    return this.list.find((s) => s.userId === userId);
  }

  /** Seated now or earlier at this table. */
  wasSeated(userId: string): boolean {
    return this.everSeated.has(userId);
  }

  private static isFree(s: SeatRecord): boolean {
    return s.userId === null && !s.isBot;
  }

  /** A free seat: the preferred one when `honourPreference`, else the first. */
  pick(preferred: number | undefined, honourPreference: boolean): SeatRecord | undefined {
    if (honourPreference && preferred !== undefined) {
      const seat = this.list[preferred];
      return seat && Seats.isFree(seat) ? seat : undefined;
    }
    return this.list.find(Seats.isFree);
  }

  hasFreeSeat(): boolean {
    return this.list.some(Seats.isFree);
  }

  allTaken(): boolean {
    return !this.hasFreeSeat();
  }

  anyUser(): boolean {
    return this.list.some((s) => s.userId !== null);
  }

  /** Seated as a bot, or a bot plays for the seated user. */
  isBot(index: number): boolean {
    const s = this.list[index];
    return Boolean(s && (s.isBot || s.botControlled));
  }

  clientOf(index: number): TableClient | undefined {
    const seat = this.list[index];
    return seat?.sessionId ? this.host.clientById(seat.sessionId) : undefined;
  }

  private schemaOf(seat: SeatRecord): SeatState {
    return this.host.state.seats[seat.index] as SeatState;
  }

  /** A new user takes a free seat with this connection. */
  occupy(seat: SeatRecord, client: TableClient, claims: AccessClaims): void {
    seat.userId = claims.sub;
    seat.name = claims.name;
    seat.guest = claims.guest;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    this.everSeated.add(claims.sub);
    client.userData = { role: "player", seat: seat.index, userId: claims.sub };
    client.view?.add(this.schemaOf(seat));
    this.host.viewsChanged();
    if (this.host.hasHost && this.host.state.hostSeat < 0) this.host.state.hostSeat = seat.index;
    this.mirror(seat);
  }

  /**
   * The seat's user joins again (new tab, rejoin by id after the grace, or during it): this
   * connection gets the seat; a pending reconnection is cancelled, an older connection closed.
   */
  takeBack(seat: SeatRecord, client: TableClient): void {
    const previous = seat.sessionId ? this.host.clientById(seat.sessionId) : undefined;
    const pending = seat.reconnection;
    seat.reconnection = null;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    if (seat.botControlled) {
      this.reclaim(seat);
      seat.consecutiveTimeouts = 0;
    }
    client.userData = { role: "player", seat: seat.index, userId: seat.userId as string };
    client.view?.add(this.schemaOf(seat));
    this.host.viewsChanged();
    pending?.reject(new Error("replaced by a new connection"));
    if (previous && previous.sessionId !== client.sessionId) {
      previous.userData = { role: "replaced", seat: -1, userId: seat.userId as string };
      previous.leave(CloseCode.WITH_ERROR, "replaced by a new connection");
    }
    this.mirror(seat);
  }

  seatBot(seat: SeatRecord): void {
    const n = this.list.filter((s) => s.isBot).length + 1;
    seat.isBot = true;
    seat.name = `Bot ${n}`;
    seat.connected = true;
    this.mirror(seat);
  }

  /** Bots in every free seat. */
  fillWithBots(): void {
    for (const s of this.list) if (Seats.isFree(s)) this.seatBot(s);
  }

  /** The seat's connection dropped: shown disconnected, held for the user. */
  dropped(seat: SeatRecord): void {
    seat.connected = false;
    this.mirror(seat);
  }

  holdFor(seat: SeatRecord, reconnection: Deferred<Client>): void {
    seat.reconnection = reconnection;
  }

  reconnected(seat: SeatRecord, client: TableClient): void {
    seat.reconnection = null;
    seat.sessionId = client.sessionId;
    seat.connected = true;
    this.mirror(seat);
  }

  /**
   * The seat's connection is gone for good. Before the start the seat is freed; during the
   * match a bot plays it until the user comes back.
   */
  left(seat: SeatRecord, status: TableState["status"]): "freed" | "bot" | "kept" {
    seat.connected = false;
    seat.sessionId = null;
    seat.reconnection = null;
    let result: "freed" | "bot" | "kept" = "kept";
    if (status === "waiting") {
      seat.userId = null;
      seat.name = "";
      if (this.host.state.hostSeat === seat.index) {
        this.host.state.hostSeat = this.list.find((s) => s.userId !== null)?.index ?? -1;
      }
      result = "freed";
    } else if (status === "playing" && !seat.botControlled) {
      this.takeOver(seat, "left");
      result = "bot";
    }
    this.mirror(seat);
    return result;
  }

  /** A bot plays for the seated user from now on. */
  takeOver(seat: SeatRecord, reason: BotTakeoverReason): void {
    seat.botControlled = true;
    this.host.logRoomEntry(seat.index, { type: "botTakeover", seat: seat.index, reason });
    this.mirror(seat);
  }

  /** The user plays his seat again. */
  reclaim(seat: SeatRecord): void {
    seat.botControlled = false;
    this.host.logRoomEntry(seat.index, { type: "seatReclaimed", seat: seat.index });
    this.mirror(seat);
  }

  /**
   * A resumed table (issue 12): who sat where, as stored; every user away until he joins again
   * (bots seated from the start play on), bot-controlled seats and timeouts as the log says.
   */
  restore(seats: readonly { seat: number; userId: string | null; name: string; guest: boolean; isBot: boolean }[], botControlled: ReadonlySet<number>, timeouts: readonly number[]): void {
    for (const stored of seats) {
      const seat = this.list[stored.seat];
      if (!seat) continue;
      Object.assign(seat, { userId: stored.isBot ? null : stored.userId, name: stored.name, guest: stored.guest, isBot: stored.isBot });
      Object.assign(seat, { botControlled: botControlled.has(seat.index), consecutiveTimeouts: timeouts[seat.index] ?? 0, sessionId: null, connected: stored.isBot });
      if (seat.userId) this.everSeated.add(seat.userId);
      this.mirror(seat);
    }
  }

  /** Private table before the start: a seated user moves to a free seat. */
  move(from: SeatRecord, to: SeatRecord, client: TableClient): void {
    Object.assign(to, { userId: from.userId, name: from.name, guest: from.guest, sessionId: from.sessionId, connected: true });
    Object.assign(from, { userId: null, name: "", guest: false, sessionId: null, connected: false });
    client.view?.remove(this.schemaOf(from));
    client.view?.add(this.schemaOf(to));
    this.host.viewsChanged();
    if (client.userData) client.userData = { ...client.userData, seat: to.index };
    if (this.host.state.hostSeat === from.index) this.host.state.hostSeat = to.index;
    this.mirror(from);
    this.mirror(to);
  }

  mirror(seat: SeatRecord): void {
    const s = this.schemaOf(seat);
    s.name = seat.name;
    s.userId = seat.isBot ? "" : (seat.userId ?? "");
    s.occupied = seat.userId !== null || seat.isBot;
    s.isBot = seat.isBot;
    s.botControlled = seat.botControlled;
    s.connected = seat.isBot || seat.connected;
    s.consecutiveTimeouts = seat.consecutiveTimeouts;
    s.joinCode = seat.userId !== null && !seat.isBot ? this.host.joinCode : "";
  }

  /** Public facts per seat (HTTP table lookups). */
  describe(): { seat: number; userId: string | null; name: string; bot: boolean; connected: boolean }[] {
    return this.list.map((s) => ({ seat: s.index, userId: s.userId, name: s.name, bot: s.isBot || s.botControlled, connected: s.connected }));
  }
}
