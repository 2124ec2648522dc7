import { LocalPresence, matchMaker, type Presence } from "@colyseus/core";

/**
 * Which tables each user holds, shared by every process through presence, so one user cannot
 * take more than a fair share of the server (issue 8, item 11):
 *
 * - a **reservation** (a seat reserved by matchmaking, not yet taken over a WebSocket) counts
 *   until it is used or expires (RESERVATION_SECONDS);
 * - a **seat** counts from the join until the user leaves it (a dropped connection keeps it),
 *   or until the match ends or the table closes.
 *
 * Each user has one hash `diwan:holdings:<userId>`: field roomId → `r:<expiry ms>` or `s`.
 * Entries of tables that no longer exist are pruned when read.
 */
export const HOLDINGS_PREFIX = "diwan:holdings:";
const CLAIM_PREFIX = "diwan:holding-claim:";
/**
 * A user's book is forgotten this long after its last write (bounds leftovers of crashed
 * processes in a shared presence). A process-local presence goes with its process, so there is
 * nothing to bound: its books get no expiry, which would cost a timer per seated user (≈ 260 B
 * each: issue 10, heap per table).
 */
const FORGET_AFTER_S = 24 * 3600;
/** Most tables (waiting or playing) one user may hold at once, all modes together. */
export const MAX_TABLES_PER_USER = 2;
/** A seat reservation nobody takes is released after this long. */
export const RESERVATION_SECONDS = 10;
/** Share of MAX_ROOMS kept for users who hold no table. */
export const RESERVED_CAPACITY_SHARE = 0.1;

/** What matchmaking writes into the request's options for the room (never trusted from clients). */
export const REQUEST_KEY = "diwanRequest";
export interface MatchmakingRequest {
  method: string;
  /** joinById / reconnect: the room asked for. */
  roomId?: string;
  /** create / join / joinOrCreate: the room type asked for. */
  roomName?: string;
  /** Set by onAuth once the user is known and his claim is taken. */
  userId?: string;
  claimed?: boolean;
}

export interface UserHoldings {
  /** Rooms where the user has a seat or an unexpired reservation. */
  tables: string[];
  /** The subset held by an unexpired reservation. */
  reservations: string[];
}

export class Holdings {
  /** Books expire (FORGET_AFTER_S) only in a presence shared by several processes. */
  private readonly forgets: boolean;

  constructor(
    private readonly presence: Presence,
    private readonly roomExists: (roomId: string) => Promise<boolean>,
    private readonly now: () => number = Date.now,
  ) {
    this.forgets = !(presence instanceof LocalPresence);
  }

  private async forgetLater(key: string): Promise<void> {
    if (this.forgets) await this.presence.expire(key, FORGET_AFTER_S);
  }

  /** Remove one table from a book; an emptied local book goes too (nothing expires it; Redis drops empty hashes itself). */
  private async dropField(key: string, roomId: string): Promise<void> {
    await this.presence.hdel(key, roomId);
    if (!this.forgets && (await this.presence.hlen(key)) === 0) await this.presence.del(key);
  }

  /**
   * Serialise one user's matchmaking requests: true for the first, false while another is in
   * flight (it is released by `release`, or lapses after RESERVATION_SECONDS).
   */
  async claim(userId: string): Promise<boolean> {
    const key = CLAIM_PREFIX + userId;
    const n = await this.presence.incr(key);
    await this.presence.expire(key, RESERVATION_SECONDS);
    if (n > 1) {
      await this.presence.decr(key);
      return false;
    }
    return true;
  }

  async release(userId: string): Promise<void> {
    await this.presence.del(CLAIM_PREFIX + userId);
  }

  async reserved(userId: string, roomId: string): Promise<void> {
    const key = HOLDINGS_PREFIX + userId;
    // A seat already held stays a seat.
    if ((await this.presence.hget(key, roomId)) === "s") return;
    await this.presence.hset(key, roomId, `r:${this.now() + RESERVATION_SECONDS * 1000}`);
    await this.forgetLater(key);
  }

  async seated(userId: string, roomId: string): Promise<void> {
    await this.presence.hset(HOLDINGS_PREFIX + userId, roomId, "s");
    await this.forgetLater(HOLDINGS_PREFIX + userId);
  }

  async drop(userId: string, roomId: string): Promise<void> {
    await this.dropField(HOLDINGS_PREFIX + userId, roomId);
  }

  /** The user's current tables; expired reservations and vanished tables are pruned. */
  async current(userId: string): Promise<UserHoldings> {
    const key = HOLDINGS_PREFIX + userId;
    const all = (await this.presence.hgetall(key)) ?? {};
    const result: UserHoldings = { tables: [], reservations: [] };
    for (const [roomId, value] of Object.entries(all)) {
      const expiry = value.startsWith("r:") ? Number(value.slice(2)) : null;
      const live = expiry !== null ? expiry > this.now() : await this.roomExists(roomId);
      if (!live) {
        await this.dropField(key, roomId);
        continue;
      }
      result.tables.push(roomId);
      if (expiry !== null) result.reservations.push(roomId);
    }
    return result;
  }
}

/** The holdings book on this process's presence (shared by all processes when it is Redis). */
export function tableHoldings(): Holdings {
  return new Holdings(matchMaker.presence, async (roomId) => Boolean(await matchMaker.getRoomById(roomId)));
}
