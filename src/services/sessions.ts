import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db/database.js";

/**
 * Refresh tokens: opaque random strings, stored only as sha256 hashes, rotated on every use.
 * All tokens descending from one login form a family; presenting a token that was already
 * rotated means it was copied, so the whole family is revoked (the thief and the victim both
 * have to log in again) — except inside a short grace window, where a duplicate of the same
 * rotation (a client retry) gets the same answer back.
 */

export type RefreshFailure = "TOKEN_INVALID" | "TOKEN_EXPIRED" | "TOKEN_REVOKED" | "TOKEN_REUSED";

export class RefreshError extends Error {
  constructor(
    readonly code: RefreshFailure,
    message: string,
  ) {
    super(message);
    this.name = "RefreshError";
  }
}

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** What a rotation hands out: the caller mints the access token (inside the claiming transaction). */
export interface RotatedPair {
  accessToken: string;
  refreshToken: string;
}

export interface Rotation extends RotatedPair {
  userId: string;
  familyId: string;
  /** True when this was a duplicate inside the grace window and got the earlier answer back. */
  replayed: boolean;
}

/**
 * Mints the access token for a rotation, reading the account fresh (so claims are current)
 * through `db`, the claiming transaction (PGlite has one connection: never use another).
 */
export type MintAccess = (userId: string, familyId: string, db: Db) => Promise<string>;

const GRACE_CIPHER = "aes-256-gcm";

/** The key that protects a rotation's answer: derived from the spent token, which is never stored. */
const graceKey = (token: string): Buffer => createHash("sha256").update(`grace:${token}`).digest();

function sealPair(token: string, pair: RotatedPair): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(GRACE_CIPHER, graceKey(token), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(pair), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url")).join(".");
}

function openPair(token: string, sealed: string): RotatedPair | undefined {
  try {
    const [iv, tag, body] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
    const decipher = createDecipheriv(GRACE_CIPHER, graceKey(token), iv as Buffer);
    decipher.setAuthTag(tag as Buffer);
    const text = Buffer.concat([decipher.update(body as Buffer), decipher.final()]).toString("utf8");
    return JSON.parse(text) as RotatedPair;
  } catch {
    return undefined;
  }
}

export class SessionService {
  private lastPurge = Date.now();

  constructor(
    private readonly db: Db,
    private readonly ttlDays: number,
    /** A duplicate refresh within this many seconds gets the same pair back (client retries). */
    private readonly graceS = 10,
    /** Told when a login ends, so this process stops honouring its access tokens at once. */
    private readonly onSessionEnded: (familyId: string) => void = () => {},
  ) {}

  /** Deletes tokens that expired more than a day ago (a reuse after that is just "invalid"). */
  async purgeExpired(): Promise<number> {
    const r = await this.db
      .deleteFrom("refresh_tokens")
      .where("expires_at", "<", new Date(Date.now() - 86_400_000))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** A new refresh token (new family unless continuing one). Returns the plaintext token and its family. */
  async issue(userId: string, familyId: string = randomUUID(), db: Db = this.db): Promise<{ token: string; familyId: string }> {
    // The table would only grow: sweep it now and then, off the request's path.
    if (Date.now() - this.lastPurge > 3_600_000) {
      this.lastPurge = Date.now();
      void this.purgeExpired().catch(() => {});
    }
    const token = randomBytes(32).toString("base64url");
    await db
      .insertInto("refresh_tokens")
      .values({
        user_id: userId,
        family_id: familyId,
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + this.ttlDays * 86_400_000),
      })
      .execute();
    return { token, familyId };
  }

  /**
   * Exchanges a refresh token for a new pair. The same token presented again within the grace
   * window (a retry, or two tabs racing) gets the very same pair; after the window it means the
   * token was copied, so the whole family is revoked.
   */
  async rotate(token: string, mintAccess: MintAccess): Promise<Rotation> {
    const row = await this.findRow(token);
    if (!row) throw new RefreshError("TOKEN_INVALID", "refresh token is not valid");
    if (row.revoked_at) throw new RefreshError("TOKEN_REVOKED", "refresh token has been revoked");
    if (row.rotated_at) return this.duplicate(token);
    if (new Date(row.expires_at).getTime() <= Date.now()) throw new RefreshError("TOKEN_EXPIRED", "refresh token has expired");

    const won = await this.db.transaction().execute(async (trx) => {
      // Conditional update: of two concurrent refreshes with the same token only one wins; the
      // other waits on the row lock, then finds it rotated and reads the answer stored below.
      const claimed = await trx
        .updateTable("refresh_tokens")
        .set({ rotated_at: sql<Date>`now()` })
        .where("id", "=", row.id)
        .where("rotated_at", "is", null)
        .where("revoked_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!claimed) return undefined;
      const next = await this.issue(row.user_id, row.family_id, trx);
      const accessToken = await mintAccess(row.user_id, row.family_id, trx);
      const pair = { accessToken, refreshToken: next.token };
      await trx
        .updateTable("refresh_tokens")
        .set({ successor_token: sealPair(token, pair), successor_expires_at: new Date(Date.now() + this.graceS * 1000) })
        .where("id", "=", row.id)
        .execute();
      return pair;
    });
    if (!won) return this.duplicate(token);
    return { ...won, userId: row.user_id, familyId: row.family_id, replayed: false };
  }

  /** A token already rotated: the same answer inside the grace window, family revocation after it. */
  private async duplicate(token: string): Promise<Rotation> {
    const row = await this.findRow(token);
    if (!row) throw new RefreshError("TOKEN_INVALID", "refresh token is not valid");
    if (row.revoked_at) throw new RefreshError("TOKEN_REVOKED", "refresh token has been revoked");
    const inGrace = row.successor_expires_at !== null && new Date(row.successor_expires_at).getTime() > Date.now();
    const pair = inGrace && row.successor_token ? openPair(token, row.successor_token) : undefined;
    if (pair) return { ...pair, userId: row.user_id, familyId: row.family_id, replayed: true };
    await this.revokeFamily(row.family_id);
    throw new RefreshError("TOKEN_REUSED", "refresh token was already used; all sessions of this login are revoked");
  }

  private findRow(token: string) {
    return this.db.selectFrom("refresh_tokens").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirst();
  }

  /** Logout: revokes the token's family. Unknown tokens are ignored (logout is idempotent). */
  async revoke(token: string): Promise<void> {
    const row = await this.db
      .selectFrom("refresh_tokens")
      .select("family_id")
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (row) await this.revokeFamily(row.family_id);
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .updateTable("refresh_tokens")
      .set({ revoked_at: sql<Date>`now()`, successor_token: null })
      .where("family_id", "=", familyId)
      .where("revoked_at", "is", null)
      .execute();
    this.onSessionEnded(familyId);
  }

  async revokeAllForUser(userId: string): Promise<void> {
    const families = await this.db
      .updateTable("refresh_tokens")
      .set({ revoked_at: sql<Date>`now()`, successor_token: null })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .returning("family_id")
      .execute();
    for (const f of new Set(families.map((r) => r.family_id))) this.onSessionEnded(f);
  }
}
