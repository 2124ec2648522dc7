import type { Db } from "../db/database.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import { executeInOneTransaction } from "../db/wholeTransaction.js";
import type { Logger } from "../platform/logger.js";
import { currentTraceLink, tracedRootLinked, type TraceLink } from "../platform/tracing.js";
import type { CompiledQuery } from "kysely";
import type { MatchWrite } from "./matchWrites.js";

/**
 * The process-wide match-log writer: every live match's recorder hands its writes here, and the
 * writer stores the writes of ALL matches that asked since its last pass in ONE transaction
 * (match rows, players, entries as multi-row INSERTs, event counts, box scores), one transaction
 * at a time — so the match log uses at most one database connection, and matchmaking, token
 * checks and REST never wait behind a crowd of per-match transactions.
 *
 * Passes start at most every `intervalMs` (a request arriving while the writer is idle starts
 * one at once); a pass takes at most `maxEntries` entries and `maxMatches` matches, so one
 * transaction never holds the connection for long; what did not fit goes in the next pass.
 * A failed transaction leaves everything with the recorders, which retry with their backoff.
 * When a batch of several matches fails for a reason other than an unreachable database, it is
 * split in halves and retried at once, so one match whose write the database refuses cannot hold
 * back the others.
 */

/** One match's side of the hand-off (MatchRecorder implements it). */
export interface WriteSource {
  readonly matchId: string;
  /** What to store next, at most `maxEntries` entries; null when nothing is waiting. */
  takeWrite(maxEntries: number): MatchWrite | null;
  /** The transaction holding `write` committed. True when more was waiting than one write took. */
  written(write: MatchWrite): boolean;
  /** The transaction holding `write` failed and was rolled back: everything stays pending. */
  writeFailed(err: unknown): void;
}

export interface LogWriterOptions {
  /** Shortest time between the starts of two passes (default 100 ms). */
  intervalMs?: number;
  /** Entries per transaction at most (default 1,000). */
  maxEntries?: number;
  /** Matches per transaction at most (default 250). */
  maxMatches?: number;
  logger?: Logger;
}

interface Due {
  waiters: ((stored: boolean) => void)[];
  links: TraceLink[];
}

interface Taken {
  source: WriteSource;
  write: MatchWrite;
  due: Due;
}

/** A live match the writer flushes on its periodic tick (MatchRecorder). */
export interface PeriodicSource {
  /** Nothing waits to be written. */
  readonly settled: boolean;
  flush(): Promise<boolean>;
}

/** Trace links kept per match and pass (a match asks many times between passes). */
const LINKS_PER_MATCH = 4;

export class LogWriter {
  private readonly due = new Map<WriteSource, Due>();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private failing = false;
  private readonly intervalMs: number;
  private readonly maxEntries: number;
  private readonly maxMatches: number;
  /**
   * The periodic flush of live matches: ONE timer for the whole process (not one per match),
   * armed only while some match is watched. Each match keeps its own phase (due `periodMs` after
   * it was last due, as a per-match interval was), so the flushes stay spread over the period;
   * on each tick a due match asks for a write only when it has something waiting.
   */
  private readonly watched = new Map<PeriodicSource, { periodMs: number; dueAt: number }>();
  private tick: NodeJS.Timeout | undefined;
  private tickMs = Number.POSITIVE_INFINITY;
  /** Transactions committed and failed since start (tests, benches). */
  readonly stats = { committed: 0, failed: 0, matches: 0, entries: 0 };

  constructor(
    private readonly db: Db,
    private readonly compile: (writes: readonly MatchWrite[]) => CompiledQuery[],
    private readonly options: LogWriterOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 100;
    this.maxEntries = Math.max(1, options.maxEntries ?? 1000);
    this.maxMatches = Math.max(1, options.maxMatches ?? 250);
  }

  /** Matches waiting for a pass. */
  get waiting(): number {
    return this.due.size;
  }

  /**
   * Store what `source` has waiting, in the next pass (or passes, when it has more than one takes).
   * Resolves true once it is stored, false when the transaction failed; never rejects. A source
   * must not call again before the previous promise settled (the recorder chains its flushes).
   */
  write(source: WriteSource): Promise<boolean> {
    let due = this.due.get(source);
    if (!due) {
      due = { waiters: [], links: [] };
      this.due.set(source, due);
    }
    if (due.links.length < LINKS_PER_MATCH) due.links.push(currentTraceLink());
    const waiting = due;
    const promise = new Promise<boolean>((resolve) => waiting.waiters.push(resolve));
    this.schedule();
    return promise;
  }

  /** Flush `source` every `periodMs` (a safety net between its checkpoints) until `unwatch`. */
  watch(source: PeriodicSource, periodMs: number): void {
    this.watched.set(source, { periodMs, dueAt: performance.now() + periodMs });
    // Ticks of at most 1 s: a match is flushed at most that long after it is due.
    const tickMs = Math.min(periodMs, 1000);
    if (this.tick && tickMs >= this.tickMs) return;
    clearInterval(this.tick);
    this.tickMs = tickMs;
    this.tick = setInterval(() => this.flushDue(), tickMs);
    this.tick.unref();
  }

  /**
   * Store `source` at the writer's next periodic tick (at most a second away), in the pass of
   * every match due then, instead of a pass of its own now. A hand's end is a checkpoint at every
   * table, and a pass per checkpoint was several small transactions a second (BEGIN, up to five
   * statements, COMMIT: each a round trip through the driver and the event loop) for what one
   * pass a second stores (issue 10: ≈ 1 ms of the process's CPU per pass). What waits is in the
   * journal already: only the moment the database gets it changes. False when `source` is not
   * watched (closed): the caller writes it itself.
   */
  soon(source: PeriodicSource): boolean {
    const w = this.watched.get(source);
    if (!w) return false;
    w.dueAt = 0;
    return true;
  }

  /** No more periodic flushes of `source` (finished, interrupted or closed). */
  unwatch(source: PeriodicSource): void {
    this.watched.delete(source);
    if (this.watched.size > 0) return;
    clearInterval(this.tick);
    this.tick = undefined;
    this.tickMs = Number.POSITIVE_INFINITY;
  }

  private flushDue(): void {
    const now = performance.now();
    for (const [source, w] of this.watched) {
      if (w.dueAt > now) continue;
      w.dueAt = now + w.periodMs;
      if (!source.settled) void source.flush();
    }
  }

  /** Resolves when no pass runs and none is due (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      await (this.running ?? new Promise((r) => setTimeout(r, this.intervalMs)));
    }
  }

  private schedule(): void {
    if (this.running || this.timer || this.due.size === 0) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.pass().finally(() => {
        this.running = null;
        this.schedule();
      });
    }, wait);
  }

  /** Take what fits in one transaction, in the order matches asked, and write it. */
  private async pass(): Promise<void> {
    const batch: Taken[] = [];
    let entries = 0;
    for (const [source, due] of this.due) {
      if (batch.length >= this.maxMatches || entries >= this.maxEntries) break;
      this.due.delete(source);
      const write = source.takeWrite(this.maxEntries - entries);
      if (!write) {
        for (const resolve of due.waiters) resolve(true);
        continue;
      }
      batch.push({ source, write, due });
      entries += write.entries.length;
    }
    if (batch.length === 0) return;
    this.lastStart = performance.now();
    await this.writeBatch(batch);
  }

  private async writeBatch(batch: Taken[]): Promise<void> {
    const entries = batch.reduce((n, t) => n + t.write.entries.length, 0);
    try {
      await tracedRootLinked(
        "recorder.flush",
        { "diwan.matches": batch.length, "diwan.entries": entries, ...(batch.length === 1 ? { "diwan.match.id": batch[0]!.source.matchId } : {}) },
        batch.flatMap((t) => t.due.links),
        () => executeInOneTransaction(this.db, this.compile(batch.map((t) => t.write))),
      );
    } catch (err) {
      this.stats.failed += 1;
      if (batch.length > 1 && !isDatabaseUnavailable(err)) {
        // The database refused the batch itself: find the match it refuses, store the others.
        const half = Math.ceil(batch.length / 2);
        await this.writeBatch(batch.slice(0, half));
        await this.writeBatch(batch.slice(half));
        return;
      }
      if (!this.failing) {
        this.options.logger?.warn(
          { err: err instanceof Error ? err.message : String(err), matches: batch.length, entries },
          "match log write failed; keeping events and retrying",
        );
      }
      this.failing = true;
      for (const t of batch) {
        t.source.writeFailed(err);
        for (const resolve of t.due.waiters) resolve(false);
      }
      return;
    }
    this.stats.committed += 1;
    this.stats.matches += batch.length;
    this.stats.entries += entries;
    if (this.failing) this.options.logger?.info({ matches: batch.length }, "match log writes recovered");
    this.failing = false;
    for (const t of batch) {
      if (t.source.written(t.write)) {
        // More was waiting than this pass took: the same waiters wait for the next pass.
        const again = this.due.get(t.source);
        if (again) again.waiters.push(...t.due.waiters);
        else this.due.set(t.source, { waiters: t.due.waiters, links: [] });
      } else {
        for (const resolve of t.due.waiters) resolve(true);
      }
    }
  }
}
