import type { Db } from "../db/database.js";
import { TokenError, type AccessClaims } from "./tokens.js";

/**
 * Whether a signature-valid access token is still honoured: its `ver` must equal the account's
 * token version (bumped by role changes and guest upgrades) and its login (`sid`, the refresh
 * family) must not be revoked (logout, refresh-token reuse). Answers are cached for at most
 * `cacheMs` (≤ 5 s), so a withdrawal reaches every process within that time; in the process that
 * made the change, `forgetUser` / `forgetSession` make it immediate.
 *
 * A subject with no account row has nothing to withdraw: such tokens can only be minted with
 * the signing secret (tests, the load tool) and are honoured on their signature alone.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ENTRIES = 50_000;

interface Cached<T> {
  value: T;
  at: number;
}

export class TokenChecks {
  private readonly versions = new Map<string, Cached<number | null>>();
  private readonly sessions = new Map<string, Cached<boolean>>();

  constructor(
    private readonly db: Db,
    private readonly cacheMs = 5000,
    private readonly now: () => number = Date.now,
  ) {
    if (cacheMs > 5000) throw new RangeError("token checks may be cached for at most 5 s");
  }

  /** The SessionCheck installed into TokenService (bound, so it can be passed around). */
  readonly check = async (claims: AccessClaims): Promise<void> => {
    const version = await this.versionOf(claims.sub);
    if (version === null) return;
    if ((claims.ver ?? 0) !== version) {
      throw new TokenError("TOKEN_REVOKED", "access token was withdrawn (role change or account upgrade); refresh or sign in again");
    }
    if (claims.sid !== undefined && !(await this.sessionLive(claims.sid))) {
      throw new TokenError("TOKEN_REVOKED", "this login has ended (signed out or revoked); sign in again");
    }
  };

  forgetUser(userId: string): void {
    this.versions.delete(userId);
  }

  forgetSession(familyId: string): void {
    this.sessions.delete(familyId);
  }

  private fresh<T>(map: Map<string, Cached<T>>, key: string): Cached<T> | undefined {
    const hit = map.get(key);
    if (hit && this.now() - hit.at < this.cacheMs) return hit;
    return undefined;
  }

  private remember<T>(map: Map<string, Cached<T>>, key: string, value: T): void {
    if (this.cacheMs === 0) return;
    if (map.size >= MAX_ENTRIES) {
      const now = this.now();
      for (const [k, v] of map) if (now - v.at >= this.cacheMs) map.delete(k);
      if (map.size >= MAX_ENTRIES) map.clear();
    }
    map.set(key, { value, at: this.now() });
  }

  /**
   * A database error falls back to the last answer seen for the key, however old (a player who
   * was admitted a minute ago is admitted during an outage); with none, the error propagates
   * and the request or join fails closed.
   */
  private async orStale<T>(map: Map<string, Cached<T>>, key: string, query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (err) {
      const stale = map.get(key);
      if (stale) return stale.value;
      throw err;
    }
  }

  private async versionOf(userId: string): Promise<number | null> {
    const hit = this.fresh(this.versions, userId);
    if (hit) return hit.value;
    const row = UUID.test(userId)
      ? await this.orStale(this.versions, userId, async () => {
          const r = await this.db.selectFrom("users").select("token_version").where("id", "=", userId).executeTakeFirst();
          return r ? r.token_version : null;
        })
      : null;
    this.remember(this.versions, userId, row);
    return row;
  }

  private async sessionLive(familyId: string): Promise<boolean> {
    const hit = this.fresh(this.sessions, familyId);
    if (hit) return hit.value;
    const live = UUID.test(familyId)
      ? await this.orStale(this.sessions, familyId, async () => {
          const r = await this.db
            .selectFrom("refresh_tokens")
            .select("id")
            .where("family_id", "=", familyId)
            .where("revoked_at", "is", null)
            .limit(1)
            .executeTakeFirst();
          return r !== undefined;
        })
      : false;
    this.remember(this.sessions, familyId, live);
    return live;
  }
}
