import type { Db } from "../db/database.js";
import type { Logger } from "../platform/logger.js";

export interface AuditEntry {
  kind: string;
  userId?: string | null;
  roomId?: string | null;
  matchId?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Security-relevant events (refused authorization, forged tokens…) written in the background:
 * the caller never waits and a database outage never breaks a game. Failures are logged.
 */
export class AuditLog {
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  record(entry: AuditEntry): void {
    this.logger.warn({ audit: entry.kind, userId: entry.userId, roomId: entry.roomId, detail: entry.detail }, "audit");
    const p = this.db
      .insertInto("audit_log")
      .values({
        kind: entry.kind,
        user_id: entry.userId && UUID.test(entry.userId) ? entry.userId : null,
        room_id: entry.roomId ?? null,
        match_id: entry.matchId && UUID.test(entry.matchId) ? entry.matchId : null,
        ip: entry.ip ?? null,
        detail: JSON.stringify({ ...(entry.detail ?? {}), ...(entry.userId && !UUID.test(entry.userId) ? { user: entry.userId } : {}) }),
      })
      .execute()
      .then(
        () => undefined,
        (err: unknown) => this.logger.error({ err, audit: entry.kind }, "audit log write failed"),
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Wait for writes in flight (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
