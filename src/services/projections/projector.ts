import { sql } from "kysely";
import type { Db } from "../../db/database.js";
import { toInt } from "../../db/normalize.js";
import type { Logger } from "../../platform/logger.js";
import { logHead, readLog, sequenceEndedMatches } from "./log.js";
import type { ApplyContext, Projection, Trx } from "./types.js";

/**
 * Runs projections over the event log (docs/EVENT_STORE.md).
 *
 * One batch = one transaction: lock the projection's checkpoint row (SELECT ... FOR UPDATE), read
 * the next matches after its position, apply them, advance the position, commit. A second process
 * (or a second call in this one) waits on the row lock and then continues from the advanced
 * position, so a match is never applied twice and never skipped, however many servers share the
 * database. In the background (start/nudge) it never runs on an action's path.
 */

export interface ProjectorOptions {
  /** Matches per batch (default 50). */
  batch?: number;
  /** Background round period; 0 or unset: only on start and nudge. */
  intervalMs?: number;
  logger?: Logger | undefined;
}

export interface ProjectionStatus {
  name: string;
  description: string;
  position: number;
  /** Logged matches it has not applied yet. */
  behind: number;
  updatedAt: Date | null;
  rebuiltAt: Date | null;
}

class AfterCommit implements ApplyContext {
  constructor(readonly rebuilding: boolean) {}
  readonly fns: ((db: Db) => Promise<void> | void)[] = [];
  afterCommit(fn: (db: Db) => Promise<void> | void): void {
    this.fns.push(fn);
  }
  async run(db: Db, logger: Logger | undefined, name: string): Promise<void> {
    for (const fn of this.fns) {
      try {
        await fn(db);
      } catch (err) {
        logger?.error({ err, projection: name }, "projection: after-commit step failed (the applied batch stands)");
      }
    }
  }
}

export class Projector {
  private readonly byName = new Map<string, Projection>();
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Per key (the sequencer, each projection): the last call, and the one waiting to start. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly queued = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    projections: readonly Projection[],
    private readonly options: ProjectorOptions = {},
  ) {
    for (const p of projections) {
      if (this.byName.has(p.name)) throw new Error(`two projections named ${p.name}`);
      this.byName.set(p.name, p);
    }
    this.batch = options.batch ?? 50;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  projection(name: string): Projection {
    const p = this.byName.get(name);
    if (!p) throw new UnknownProjectionError(name, this.names);
    return p;
  }

  /** Gives newly ended matches their log positions (see log.ts). */
  sequence(): Promise<number> {
    return this.serial("sequencer", () => sequenceEndedMatches(this.db));
  }

  private async lockCheckpoint(trx: Trx, name: string): Promise<number> {
    await trx.insertInto("projection_checkpoints").values({ name }).onConflict((oc) => oc.column("name").doNothing()).execute();
    const row = await trx.selectFrom("projection_checkpoints").select("position").where("name", "=", name).forUpdate().executeTakeFirstOrThrow();
    return toInt(row.position);
  }

  /** Applies the next batch of one projection; returns the number of matches applied. */
  async runBatch(name: string): Promise<number> {
    const p = this.projection(name);
    const ctx = new AfterCommit(false);
    const applied = await this.db.transaction().execute(async (trx) => {
      const position = await this.lockCheckpoint(trx, name);
      const batch = await readLog(trx, position, this.batch);
      if (batch.length === 0) return 0;
      await p.apply(trx, batch, ctx);
      const last = batch[batch.length - 1]!.position;
      await trx.updateTable("projection_checkpoints").set({ position: last, updated_at: sql<Date>`now()` }).where("name", "=", name).execute();
      return batch.length;
    });
    if (applied > 0) await ctx.run(this.db, this.options.logger, name);
    return applied;
  }

  /**
   * Runs `fn` after the previous call with the same key, in this process; a call made while
   * another waits to start joins it. Waiters hold no database connection, so a burst of finished
   * matches costs one connection waiting on a lock, not one per match.
   */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const waiting = this.queued.get(key);
    if (waiting) return waiting as Promise<T>;
    const run = (this.chains.get(key) ?? Promise.resolve()).then(() => {
      this.queued.delete(key);
      return fn();
    });
    this.queued.set(key, run);
    this.chains.set(key, run.catch(() => undefined));
    return run;
  }

  /** Applies batches of one projection until it reached the head of the (sequenced) log. */
  drain(name: string): Promise<number> {
    this.projection(name);
    return this.serial(`projection:${name}`, async () => {
      let total = 0;
      for (;;) {
        const k = await this.runBatch(name);
        total += k;
        if (k < this.batch) return total;
      }
    });
  }

  /**
   * Sequences, then applies until the named projections (default: all) reached the log's head:
   * every match that ended before the call is applied when it resolves.
   */
  async catchUp(names: readonly string[] = this.names): Promise<Record<string, number>> {
    for (const n of names) this.projection(n);
    await this.sequence();
    const done: Record<string, number> = {};
    for (const n of names) done[n] = await this.drain(n);
    return done;
  }

  /**
   * Throws the projection's data away and applies the whole log again, in one transaction that
   * holds its checkpoint: readers keep the old data until the rebuilt data commits, and the
   * background cannot interleave a batch. Returns the number of matches applied.
   */
  async rebuild(name: string): Promise<number> {
    const p = this.projection(name);
    await this.sequence();
    const ctx = new AfterCommit(true);
    const applied = await this.db.transaction().execute(async (trx) => {
      await this.lockCheckpoint(trx, name);
      await p.reset(trx, ctx);
      let position = 0;
      let total = 0;
      for (;;) {
        const batch = await readLog(trx, position, this.batch);
        if (batch.length === 0) break;
        await p.apply(trx, batch, ctx);
        position = batch[batch.length - 1]!.position;
        total += batch.length;
      }
      await trx
        .updateTable("projection_checkpoints")
        .set({ position, updated_at: sql<Date>`now()`, rebuilt_at: sql<Date>`now()` })
        .where("name", "=", name)
        .execute();
      return total;
    });
    await ctx.run(this.db, this.options.logger, name);
    return applied;
  }

  async status(): Promise<ProjectionStatus[]> {
    await this.sequence();
    const head = await logHead(this.db);
    const rows = await this.db.selectFrom("projection_checkpoints").selectAll().execute();
    const out: ProjectionStatus[] = [];
    for (const p of this.byName.values()) {
      const row = rows.find((r) => r.name === p.name);
      const position = toInt(row?.position ?? 0);
      const behind =
        head > position
          ? toInt(
              (await this.db.selectFrom("matches").select((eb) => eb.fn.countAll().as("n")).where("log_position", ">", position).executeTakeFirstOrThrow()).n as
                | string
                | number,
            )
          : 0;
      out.push({
        name: p.name,
        description: p.description,
        position,
        behind,
        updatedAt: row ? new Date(row.updated_at) : null,
        rebuiltAt: row?.rebuilt_at ? new Date(row.rebuilt_at) : null,
      });
    }
    return out;
  }

  /** Background: a catch-up now (downtime), then every `intervalMs` and soon after each nudge. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.options.intervalMs && this.options.intervalMs > 0) {
      this.timer = setInterval(() => this.nudge(), this.options.intervalMs);
      this.timer.unref();
    }
    setImmediate(() => this.nudge());
  }

  /** Run a background round soon (one more after the current one if a round is running). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((err: unknown) => this.options.logger?.error({ err }, "projections: catching up failed (retried next round)"))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.nudge();
        }
      });
  }

  /** One round: every projection caught up; one failing does not hold back the others. */
  private async round(): Promise<void> {
    await this.sequence();
    for (const n of this.names) {
      if (this.stopped) return;
      try {
        await this.drain(n);
      } catch (err) {
        this.options.logger?.error({ err, projection: n }, "projection: batch failed (retried next round)");
      }
    }
  }

  /** Waits for the round in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops the timer and waits for a round in progress (so the database can close after). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

export class UnknownProjectionError extends Error {
  constructor(name: string, known: readonly string[]) {
    super(`unknown projection "${name}" (known: ${known.join(", ")})`);
    this.name = "UnknownProjectionError";
  }
}
