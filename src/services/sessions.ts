import { createHash, randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db/database.js";

/**
 * Refresh tokens: opaque random strings, stored only as sha256 hashes, rotated on every use.
 * All tokens descending from one login form a family; presenting a token that was already
 * rotated means it was copied, so the whole family is revoked (the thief and the victim both
 * have to log in again).
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

export class SessionService {
  private lastPurge = Date.now();

  constructor(
    private readonly db: Db,
    private readonly ttlDays: number,
  ) {}

  /** Deletes tokens that expired more than a day ago (a reuse after that is just "invalid"). */
  async purgeExpired(): Promise<number> {
    const r = await this.db
      .deleteFrom("refresh_tokens")
      .where("expires_at", "<", new Date(Date.now() - 86_400_000))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /** A new refresh token (new family unless continuing one). Returns the plaintext token. */
  async issue(userId: string, familyId: string = randomUUID(), db: Db = this.db): Promise<string> {
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
    return token;
  }

  /** Exchanges a refresh token for a new one; returns the user id and the new token. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const row = await this.db
      .selectFrom("refresh_tokens")
      .selectAll()
      .where("token_hash", "=", hashToken(token))
      .executeTakeFirst();
    if (!row) throw new RefreshError("TOKEN_INVALID", "refresh token is not valid");
    if (row.revoked_at) throw new RefreshError("TOKEN_REVOKED", "refresh token has been revoked");
    if (row.rotated_at) {
      await this.revokeFamily(row.family_id);
      throw new RefreshError("TOKEN_REUSED", "refresh token was already used; all sessions of this login are revoked");
    }
    if (new Date(row.expires_at).getTime() <= Date.now()) throw new RefreshError("TOKEN_EXPIRED", "refresh token has expired");

    return this.db.transaction().execute(async (trx) => {
      // Conditional update: of two concurrent refreshes with the same token only one wins.
      const claimed = await trx
        .updateTable("refresh_tokens")
        .set({ rotated_at: sql<Date>`now()` })
        .where("id", "=", row.id)
        .where("rotated_at", "is", null)
        .where("revoked_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!claimed) throw new RefreshError("TOKEN_REUSED", "refresh token was already used");
      const refreshToken = await this.issue(row.user_id, row.family_id, trx);
      return { userId: row.user_id, refreshToken };
    });
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
      .set({ revoked_at: sql<Date>`now()` })
      .where("family_id", "=", familyId)
      .where("revoked_at", "is", null)
      .execute();
  }

  async revokeAllForUser(userId: string): Promise<void> {
    await this.db
      .updateTable("refresh_tokens")
      .set({ revoked_at: sql<Date>`now()` })
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .execute();
  }
}
