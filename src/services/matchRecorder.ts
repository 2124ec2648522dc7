import type { Logger } from "../platform/logger.js";
import type { Metrics } from "../platform/metrics.js";
import type { MatchJournal } from "./journal/journal.js";
import type { LogWriter, PeriodicSource, WriteSource } from "./logWriter.js";
import type { LogEntry, MatchEndRecord, MatchStartRecord, MatchStore, MatchWrite } from "./matchStore.js";

export interface RecorderOptions {
  /** Gives the logger when there is something to log: a table's logger is made again on demand, not held for the match (heap per table). */
  logger: () => Logger;
  metrics?: Metrics;
  /** Background flush period while the match runs (the writer's tick for this period: one timer per process). */
  flushIntervalMs?: number;
  /** Retry backoff after a failed write: starts here, doubles, capped at maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Called once the finished match is stored (e.g. results and league points). Retried on failure. */
  onFinished?: (matchId: string) => Promise<void>;
  /**
   * A resumed match (issue 12): the match row and entries up to this seq are stored already;
   * the recorder continues the same match without creating it again.
   */
  resumedAt?: number;
}

/**
 * The event log of one live match.
 *
 * The room calls `append` on the action path: it pushes to memory and to the store's journal
 * (one local file write, or a pipelined Redis append) — zero database calls. Writes happen in the
 * background, in order (match row first, then entries by seq), at checkpoints (the writer's next
 * tick), on a timer and on shutdown, through the store's process-wide writer, which stores every
 * match that asked in one transaction. A failed write keeps everything and retries with backoff while the game goes on;
 * entries are keyed by (match_id, seq) so each lands once. What never reaches the database stays
 * in the journal, and the next process that starts imports it.
 */
export class MatchRecorder implements WriteSource, PeriodicSource {
  private readonly buffer: LogEntry[] = [];
  private created = false;
  private boxScore: { value: unknown; final: boolean; dirty: boolean } | null = null;
  private flushing: Promise<boolean> | null = null;
  /** The box score in the write being stored (null: none), and whether that write left entries behind. */
  private boxInFlight: { value: unknown; final: boolean; dirty: boolean } | null = null;
  private truncated = false;
  private readonly writer: LogWriter;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private closed = false;
  /** Set when the match is being interrupted: its log is final from then on. */
  private sealed = false;
  /** Shutdown: the match is to be marked interrupted in the writer's transaction after its last entries. */
  private interruptPending = false;
  private refusedAfterSeal = 0;
  private readonly flushIntervalMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  /** Entries stored so far (highest seq known to be in the database). */
  storedSeq = 0;
  consecutiveFailures = 0;
  private readonly journal: MatchJournal | undefined;
  /** This recorder's share of the store's pendingEntries (given back when stored, or at close). */
  private counted = 0;

  /** The match row until it is stored: then only its id is kept (heap per table, issue 10). */
  private start: MatchStartRecord | null;
  readonly matchId: string;

  constructor(
    private readonly store: MatchStore,
    start: MatchStartRecord,
    private readonly options: RecorderOptions,
  ) {
    this.start = options.resumedAt === undefined ? start : null;
    this.matchId = start.matchId;
    this.flushIntervalMs = options.flushIntervalMs ?? 10_000;
    this.minBackoffMs = options.minBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.backoffMs = this.minBackoffMs;
    this.journal = store.journal;
    this.writer = store.writer;
    this.journal?.begin(start);
    if (options.resumedAt !== undefined) {
      this.created = true;
      this.storedSeq = options.resumedAt;
      this.journal?.stored(start.matchId, options.resumedAt);
    }
    store.liveMatches.set(start.matchId, start.roomId);
    this.writer.watch(this, this.flushIntervalMs);
    void this.flush();
  }

  private log(): Logger {
    return this.options.logger();
  }

  /** Entries waiting in memory. */
  get pending(): number {
    return this.buffer.length;
  }

  /**
   * Action path: memory, then the journal. `undefined` means the entry is durable already (local
   * file journal, or no journal configured); a promise (Redis journal) resolves once it is
   * durable — the room must send its ack only after it. The promise never rejects.
   */
  append(entry: LogEntry): Promise<void> | undefined {
    if (this.sealed) {
      // The room went on playing after shutdown began (bot timers): the stored log ends at the
      // interrupt, so a resume replays exactly what was stored.
      if (this.refusedAfterSeal++ === 0) this.log().warn({ matchId: this.matchId, seq: entry.seq }, "entry after the match was interrupted: not recorded");
      return undefined;
    }
    this.buffer.push(entry);
    this.counted += 1;
    this.store.pendingEntries += 1;
    this.store.recentlyActive.add(this.matchId);
    this.options.metrics?.recorderPendingEvents.inc();
    return this.journal?.append(this.matchId, entry);
  }

  setBoxScore(value: unknown, final = false): void {
    this.boxScore = { value, final, dirty: true };
  }

  /**
   * A natural checkpoint (end of a hand): written in the background at the writer's next tick
   * (logWriter.ts `soon`: within a second, with the other matches due then).
   */
  checkpoint(): void {
    if (!this.writer.soon(this)) void this.flush();
  }

  /**
   * Write everything buffered, through the process-wide writer (logWriter.ts: one transaction
   * for all matches that asked since its last pass). Resolves true when nothing is left; never
   * rejects.
   */
  flush(): Promise<boolean> {
    if (this.flushing) {
      // Chain: whatever was appended meanwhile is written by the next pass.
      return this.flushing.then(() => this.settled || this.flush());
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.flushing = this.writer.write(this).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Nothing waits to be written. */
  get settled(): boolean {
    return this.buffer.length === 0 && !this.boxScore?.dirty && this.created && !this.interruptPending;
  }

  /** WriteSource: what the writer stores for this match in its next transaction. */
  takeWrite(maxEntries: number): MatchWrite | null {
    const entries = this.buffer.slice(0, maxEntries);
    this.truncated = entries.length < this.buffer.length;
    // The box score follows the entries it summarises: only with the last of them.
    const box = !this.truncated && this.boxScore?.dirty ? this.boxScore : null;
    this.boxInFlight = box;
    // Marked interrupted only with (after) the last of its entries.
    const interrupt = this.interruptPending && !this.truncated;
    if (this.created && entries.length === 0 && !box && !interrupt) return null;
    return {
      matchId: this.matchId,
      ...(this.created || !this.start ? {} : { start: this.start }),
      entries,
      ...(box ? { box: { value: box.value, final: box.final } } : {}),
      ...(interrupt ? { interrupt: true as const } : {}),
    };
  }

  /** WriteSource: the transaction committed. */
  written(write: MatchWrite): boolean {
    if (write.start) {
      this.created = true;
      this.start = null;
      this.journal?.stored(this.matchId, 0);
    }
    if (write.entries.length > 0) {
      this.buffer.splice(0, write.entries.length);
      this.uncount(write.entries.length);
      this.storedSeq = (write.entries[write.entries.length - 1] as LogEntry).seq;
      this.options.metrics?.recorderPendingEvents.dec(write.entries.length);
      this.journal?.stored(this.matchId, this.storedSeq);
    }
    // A newer box score set meanwhile is another object, still dirty.
    if (this.boxInFlight) this.boxInFlight.dirty = false;
    this.boxInFlight = null;
    if (write.interrupt) this.interruptPending = false;
    this.options.metrics?.recorderFlushes.inc({ result: "ok" });
    if (this.consecutiveFailures > 0) {
      this.log().info({ matchId: this.matchId, failures: this.consecutiveFailures }, "match log writes recovered");
    }
    this.consecutiveFailures = 0;
    this.backoffMs = this.minBackoffMs;
    return this.truncated;
  }

  /** WriteSource: the transaction failed and was rolled back; everything stays here. Retry later. */
  writeFailed(err: unknown): void {
    this.boxInFlight = null;
    this.consecutiveFailures += 1;
    this.options.metrics?.recorderFlushes.inc({ result: "failed" });
    // The first failure of a streak is logged per match (the writer logs each failed transaction once).
    if (this.consecutiveFailures === 1) {
      this.log().warn(
        { matchId: this.matchId, err: err instanceof Error ? err.message : String(err), pending: this.buffer.length, retryInMs: this.backoffMs },
        "match log write failed; keeping events and retrying",
      );
    }
    if (!this.closed) {
      this.retryTimer = setTimeout(() => void this.flush(), this.backoffMs);
      this.retryTimer.unref();
    }
    this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
  }

  /** Flush until everything is stored or the deadline passes. */
  private async flushUntilStored(deadline: number): Promise<boolean> {
    for (;;) {
      if (await this.flush()) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, Math.min(this.backoffMs, Math.max(0, deadline - Date.now()))));
    }
  }

  private async retryUntil<T>(what: string, deadline: number, fn: () => Promise<T>): Promise<boolean> {
    let wait = this.minBackoffMs;
    for (;;) {
      try {
        await fn();
        return true;
      } catch (err) {
        if (Date.now() >= deadline) {
          this.log().error({ matchId: this.matchId, err }, `${what} failed; giving up`);
          return false;
        }
        this.log().warn({ matchId: this.matchId, err: err instanceof Error ? err.message : String(err) }, `${what} failed; retrying`);
        await new Promise((r) => setTimeout(r, wait));
        wait = Math.min(wait * 2, this.maxBackoffMs);
      }
    }
  }

  /**
   * Game over: store every entry, the final box score and the outcome (seed revealed), then run
   * onFinished. Awaited by the room; retries with backoff until `timeoutMs` (default 10 minutes).
   */
  async finish(end: MatchEndRecord, box: unknown, timeoutMs = 600_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.setBoxScore(box, true);
    const stored = await this.flushUntilStored(deadline);
    if (!stored) return false;
    const finished = await this.retryUntil("storing the match outcome", deadline, () => this.store.finishMatch(this.matchId, end));
    if (finished) this.journal?.end(this.matchId);
    if (finished && this.options.onFinished) {
      const onFinished = this.options.onFinished;
      await this.retryUntil("applying match results", deadline, () => onFinished(this.matchId));
    }
    this.close();
    return finished;
  }

  /**
   * Server shutdown mid-match: store everything and mark it interrupted (resumable), in the
   * writer's transactions (one for many matches: a shutdown of 1,250 tables must not hold the pool
   * with 1,250 updates). With a journal, waiting for an unreachable database is pointless beyond
   * a short while: what is not stored stays in the journal (the spill) and the next start imports it.
   */
  async interrupt(box: unknown, timeoutMs: number): Promise<boolean> {
    const budget = this.journal ? Math.max(1000, Math.min(timeoutMs, timeoutMs - 3000)) : timeoutMs;
    const deadline = Date.now() + budget;
    this.sealed = true;
    this.setBoxScore(box, false);
    this.interruptPending = true;
    const marked = await this.flushUntilStored(deadline);
    if (marked) this.journal?.end(this.matchId);
    else if (this.journal) {
      this.log().warn(
        { matchId: this.matchId, storedSeq: this.storedSeq, pending: this.buffer.length, journal: this.journal.kind },
        "database unreachable at shutdown: the rest of this match stays in the journal; the next start imports it",
      );
    }
    this.close();
    return marked;
  }

  private uncount(n: number): void {
    const k = Math.min(n, this.counted);
    this.counted -= k;
    this.store.pendingEntries -= k;
  }

  /** Stop timers (after finish/interrupt, or when a match is abandoned before anything happened). */
  close(): void {
    this.closed = true;
    // What is still unstored now stays in the journal (or is lost with it): no longer a backlog to wait for.
    this.uncount(this.counted);
    this.store.liveMatches.delete(this.matchId);
    this.writer.unwatch(this);
    clearTimeout(this.retryTimer);
  }
}
