import type { CompiledQuery, QueryResult } from "kysely";
import type { Db } from "./database.js";
import { isDatabaseUnavailable } from "./errors.js";
import { executeInOneTransaction } from "./wholeTransaction.js";

/**
 * Small writes of many tables (the table registry's status, members and room state) stored
 * together: each `run` hands over the statements of one write (a unit: all or none), and the
 * batch stores the units of every caller that asked since its last pass in ONE transaction on
 * ONE connection, one pass at a time. So 1,250 tables marking themselves interrupted at shutdown
 * take a handful of transactions instead of 1,250 concurrent ones fighting over the pool.
 *
 * A pass starts at once when the batch is idle, else when the one running is done (a burst of
 * writes fills the next pass). A batch the database refuses (not an unreachable database) is
 * split in halves and retried, so one refused write fails alone and the others are stored.
 */
export interface StatementBatchOptions {
  /** Statements per transaction at most (default 500; a unit is never split). */
  maxStatements?: number;
}

interface Unit {
  queries: readonly CompiledQuery[];
  resolve(results: QueryResult<unknown>[]): void;
  reject(err: unknown): void;
}

export class StatementBatch {
  private queue: Unit[] = [];
  private running: Promise<void> | null = null;
  private readonly maxStatements: number;

  constructor(
    private readonly db: Db,
    options: StatementBatchOptions = {},
  ) {
    this.maxStatements = Math.max(1, options.maxStatements ?? 500);
  }

  /** Store these statements (one unit) in the next pass; resolves with their results in order. */
  run(queries: readonly CompiledQuery[]): Promise<QueryResult<unknown>[]> {
    if (queries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ queries, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves when no write is queued or being stored (a write asked for meanwhile is waited for too). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let statements = 0;
        let take = 0;
        while (take < this.queue.length && (take === 0 || statements + (this.queue[take] as Unit).queries.length <= this.maxStatements)) {
          statements += (this.queue[take] as Unit).queries.length;
          take += 1;
        }
        await this.store(this.queue.splice(0, take));
      }
    } finally {
      this.running = null;
    }
  }

  private async store(units: Unit[]): Promise<void> {
    let results: QueryResult<unknown>[];
    try {
      results = await executeInOneTransaction(
        this.db,
        units.flatMap((u) => u.queries),
      );
    } catch (err) {
      if (units.length > 1 && !isDatabaseUnavailable(err)) {
        const half = Math.ceil(units.length / 2);
        await this.store(units.slice(0, half));
        await this.store(units.slice(half));
      } else {
        for (const u of units) u.reject(err);
      }
      return;
    }
    let at = 0;
    for (const u of units) {
      u.resolve(results.slice(at, at + u.queries.length));
      at += u.queries.length;
    }
  }
}
