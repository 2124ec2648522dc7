import { sql } from "kysely";
import type { Redis } from "ioredis";
import type { Db } from "../db/database.js";
import type { Logger } from "../platform/logger.js";
import { HOST, PROCESS_STARTED_AT } from "../platform/processInfo.js";
import { FileJournal } from "./journal/fileJournal.js";
import { importLocalJournals, type ImportReport } from "./journal/importer.js";
import type { MatchJournal } from "./journal/journal.js";
import { importRedisJournals } from "./journal/redisImport.js";
import { RedisJournal } from "./journal/redisJournal.js";
import { MatchStore } from "./matchStore.js";
import { reassertJoinCodes, releaseCodesOfDeadProcesses } from "./tableDirectory.js";
import { TableRegistry } from "./tableRegistry.js";

export interface DurabilityOptions {
  db: Db;
  logger: Logger;
  processId: string;
  /** Local journal folder; undefined: no local journal. */
  journalDir: string | undefined;
  /** Redis for the stream journal (a connection of its own, auto-pipelining). */
  redis: Redis | undefined;
  leaseS: number;
}

/**
 * Everything that keeps acknowledged actions and live matches honest across process deaths:
 * the journal (file or Redis), the import of journals left by dead processes, the leases of live
 * matches (and of this process, for its join codes) and the sweep that marks matches of dead
 * processes interrupted so nothing stays `live` forever (issue 8 items 16-17, issue 12 §1).
 */
export class Durability {
  readonly store: MatchStore;
  readonly journal: MatchJournal | undefined;
  private readonly tables: TableRegistry;
  private readonly fileJournal: FileJournal | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private failing = false;

  constructor(private readonly options: DurabilityOptions) {
    const { journalDir, redis, processId, logger, leaseS } = options;
    this.fileJournal = journalDir ? new FileJournal(journalDir, processId, logger) : undefined;
    this.journal = redis ? new RedisJournal(redis, processId, logger, this.fileJournal, leaseS * 1000) : this.fileJournal;
    this.store = new MatchStore(options.db, { leaseS, journal: this.journal, writer: { logger } });
    this.tables = new TableRegistry(options.db);
  }

  /** Start-up: register this process, import dead processes' journals, interrupt expired matches. */
  async start(): Promise<void> {
    await this.renewProcessLease();
    const imported = await this.importJournals();
    const interrupted = await this.store.interruptExpired();
    await this.interruptTables();
    for (const report of imported) {
      this.options.logger.info(
        { source: report.source, matches: report.matches, entries: report.entries, interrupted: report.interrupted },
        "imported a journal left by a previous process (entries the database did not have); matches marked interrupted",
      );
    }
    if (interrupted.length) {
      this.options.logger.info({ matches: interrupted }, "live matches whose owning process is gone (lease expired) marked interrupted");
    }
    const period = Math.max(1000, Math.floor((this.options.leaseS * 1000) / 4));
    this.timer = setInterval(() => void this.tick(), period);
    this.timer.unref();
  }

  private async importJournals(): Promise<ImportReport[]> {
    const reports: ImportReport[] = [];
    if (this.fileJournal) reports.push(...(await importLocalJournals(this.fileJournal.dir, this.store, this.options.logger)));
    if (this.options.redis) {
      const fromRedis = await importRedisJournals(this.options.redis, this.store, this.options.logger);
      if (fromRedis) reports.push(fromRedis);
    }
    return reports;
  }

  /**
   * Tables whose match a dead process left `interrupted` (journal import, lapsed lease) are
   * `interrupted` in the table registry too, unloaded: they show as resumable in
   * `GET /games/me/active` and are revived on `joinById` (issue 12 §2).
   */
  private async interruptTables(): Promise<void> {
    await this.options.db
      .updateTable("tables")
      .set({ status: "interrupted", process_id: null, updated_at: sql`now()` })
      .where("status", "=", "playing")
      .where("match_id", "in", (eb) => eb.selectFrom("matches").select("id").where("status", "=", "interrupted"))
      .execute();
  }

  private async renewProcessLease(): Promise<void> {
    const until = sql<Date>`now() + make_interval(secs => ${this.options.leaseS})`;
    await this.options.db
      .insertInto("process_leases")
      .values({ process_id: this.options.processId, host: HOST, pid: process.pid, started_at: PROCESS_STARTED_AT, lease_until: until })
      .onConflict((oc) => oc.column("process_id").doUpdateSet({ lease_until: until }))
      .execute();
  }

  /** Background: renew leases, then sweep what dead processes left. One pass at a time. */
  tick(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.renewProcessLease();
        await reassertJoinCodes();
        await this.store.renewLeases(this.options.processId, [...this.store.liveMatches.keys()]);
        await this.touchActiveTables();
        const reports = await this.importJournals();
        const interrupted = await this.store.interruptExpired();
        await this.interruptTables();
        await releaseCodesOfDeadProcesses(this.options.db);
        await this.options.db.deleteFrom("process_leases").where("lease_until", "<", sql<Date>`now() - interval '1 day'`).execute();
        for (const report of reports) this.options.logger.info({ ...report }, "imported a journal left by a process that is gone");
        if (interrupted.length) this.options.logger.info({ matches: interrupted }, "matches of processes that are gone marked interrupted");
        if (this.failing) this.options.logger.info("match leases renewed again");
        this.failing = false;
      } catch (err) {
        if (!this.failing) {
          this.options.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "renewing match leases failed; retrying in the background");
        }
        this.failing = true;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /**
   * Tables whose match logged an entry since the last tick: their last activity is now (what
   * ABANDON_AFTER_DAYS and `GET /tables` go by). One statement per tick, off the action path.
   */
  private async touchActiveTables(): Promise<void> {
    const active = [...this.store.recentlyActive];
    if (!active.length) return;
    this.store.recentlyActive.clear();
    try {
      await this.tables.touchMatches(active);
    } catch (err) {
      // Stamped by the next tick instead.
      for (const id of active) this.store.recentlyActive.add(id);
      throw err;
    }
  }

  /** Shutdown begins: no more renewals (the rooms mark their matches interrupted themselves). */
  stopRenewing(): void {
    clearInterval(this.timer);
  }

  /** After every room closed: close the journal, say what stays in it, drop our process lease. */
  async close(): Promise<void> {
    this.stopRenewing();
    await this.running;
    const spilled = (await this.journal?.close()) ?? [];
    if (spilled.length) {
      this.options.logger.warn(
        { matches: spilled },
        "database unreachable: these matches' last entries are kept in the journal and will be imported by the next start",
      );
    } else if (this.journal) {
      this.options.logger.info({ journal: this.journal.kind }, "journal closed: everything it held is in the database");
    }
    await this.options.db
      .deleteFrom("process_leases")
      .where("process_id", "=", this.options.processId)
      .execute()
      .catch(() => {});
  }
}
