import type { Redis } from "ioredis";
import type { Logger } from "../../platform/logger.js";
import type { LogEntry, MatchStartRecord } from "../matchStore.js";
import type { FileJournal } from "./fileJournal.js";
import { MatchProgress, serialiseEntry, serialiseStart, type MatchJournal, type SpilledMatch } from "./journal.js";

/** Redis keys of the journal. */
export const JOURNAL_STARTS_KEY = "diwan:journal:starts";
export const journalStreamKey = (matchId: string) => `diwan:journal:m:${matchId}`;
export const journalOwnerKey = (processId: string) => `diwan:journal:owner:${processId}`;

/**
 * The Redis journal: a stream per match (entry id `<seq>-1`, so a trim by seq is one XTRIM
 * MINID). Appends go out on an auto-pipelining connection: one XADD per entry, batched with
 * whatever else this tick sends, no extra round trip. The owner keeps a key with a TTL alive;
 * when it lapses any process imports the streams it left (see redisImport.ts).
 *
 * If Redis refuses an append, the entry goes to the local file journal instead (when there is
 * one), so the ack still waits only for a durable copy.
 */
export class RedisJournal implements MatchJournal {
  readonly kind = "redis" as const;
  private readonly progress = new Map<string, MatchProgress>();
  private ownerTimer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly processId: string,
    private readonly logger: Logger,
    private readonly fallback: FileJournal | undefined,
    private readonly ownerTtlMs: number,
  ) {
    const renew = () =>
      void this.redis.set(journalOwnerKey(processId), String(process.pid), "PX", ownerTtlMs).catch(() => {
        // Redis away: the state monitor logs it; the owner key comes back with Redis.
      });
    renew();
    this.ownerTimer = setInterval(renew, Math.max(500, Math.floor(ownerTtlMs / 4)));
    this.ownerTimer.unref();
  }

  begin(start: MatchStartRecord): void {
    this.progress.set(start.matchId, new MatchProgress());
    this.fallback?.begin(start);
    this.redis
      .hset(JOURNAL_STARTS_KEY, start.matchId, JSON.stringify({ owner: this.processId, start: serialiseStart(start) }))
      .catch((err: unknown) => this.onFailure(err));
  }

  append(matchId: string, entry: LogEntry): Promise<void> {
    const progress = this.progress.get(matchId);
    if (progress) progress.journalSeq = entry.seq;
    return this.redis.xadd(journalStreamKey(matchId), `${entry.seq}-1`, "e", JSON.stringify(serialiseEntry(entry))).then(
      () => {
        if (this.failing) {
          this.failing = false;
          this.logger.info("redis journal appends recovered");
        }
      },
      (err: unknown) => {
        this.onFailure(err);
        // Same entry twice (a retried append after a lost answer) is already durable.
        if (err instanceof Error && /equal or smaller than the target stream top item/.test(err.message)) return;
        this.fallback?.append(matchId, entry);
      },
    );
  }

  private onFailure(err: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      { err: err instanceof Error ? err.message : String(err), fallback: this.fallback ? this.fallback.dir : null },
      this.fallback ? "redis journal append failed: using the local journal file" : "redis journal append failed: entries are kept in memory only",
    );
  }

  stored(matchId: string, seq: number): void {
    const progress = this.progress.get(matchId);
    if (progress) progress.storedSeq = Math.max(progress.storedSeq, seq);
    this.fallback?.stored(matchId, seq);
    if (seq > 0) this.redis.xtrim(journalStreamKey(matchId), "MINID", `${seq + 1}`).catch(() => {});
  }

  end(matchId: string): void {
    this.progress.delete(matchId);
    this.fallback?.end(matchId);
    this.redis
      .multi()
      .del(journalStreamKey(matchId))
      .hdel(JOURNAL_STARTS_KEY, matchId)
      .exec()
      .catch(() => {});
  }

  async close(): Promise<SpilledMatch[]> {
    clearInterval(this.ownerTimer);
    const spilled: SpilledMatch[] = [];
    for (const [matchId, p] of this.progress) {
      if (p.storedSeq < p.journalSeq || p.storedSeq < 0) {
        spilled.push({ matchId, storedSeq: p.storedSeq, journalSeq: p.journalSeq, where: journalStreamKey(matchId) });
      }
    }
    // Our streams are now anyone's to import: drop the owner key instead of waiting for its TTL.
    await this.redis.del(journalOwnerKey(this.processId)).catch(() => {});
    await this.fallback?.close();
    return spilled;
  }
}
