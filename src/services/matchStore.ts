import { sql, type CompiledQuery } from "kysely";
import type { Db } from "../db/database.js";
import { HOST } from "../platform/processInfo.js";
import type { MatchJournal } from "./journal/journal.js";
import { LogWriter, type LogWriterOptions } from "./logWriter.js";
import { lockMatchRows, matchesLockedInIdOrder } from "./matchRowLocks.js";
import { compileMatchWrites, entryRow, interruptQuery, matchRow, USER_ID, type MatchWrite } from "./matchWrites.js";

export type { MatchWrite } from "./matchWrites.js";

/** Database writes of the match recorder. Every write is idempotent so retries are always safe. */

export type EntrySource = "player" | "bot" | "timeout" | "room";

export interface MatchPlayerRecord {
  seat: number;
  team: number;
  userId: string | null;
  displayName: string;
  isBot: boolean;
}

export interface MatchStartRecord {
  matchId: string;
  game: string;
  roomId: string;
  ranked: boolean;
  options: Record<string, unknown>;
  /** The engine's seed (with commit–reveal: the dealing seed). Secret until the end. */
  seed: string;
  /** The server seed the dealing seed came from (secret until the end). */
  serverSeed?: string;
  /** SHA-256 of `serverSeed`, published before the first deal; with `clientSeeds` it proves the deals (0008). */
  seedCommitment?: string;
  /** The seats' client seeds in seat order ("" for bots); seed = HMAC(serverSeed, clientSeeds). */
  clientSeeds?: string[];
  rngAlgorithm?: string;
  processId: string;
  startedAt: Date;
  players: MatchPlayerRecord[];
}

/** One accepted action (or room-caused step) and the events it produced, in order. */
export interface LogEntry {
  seq: number;
  at: Date;
  seat: number | null;
  source: EntrySource;
  action: Record<string, unknown> | null;
  events: unknown[];
  /** SHA-256 link of the hash chain (commitReveal.ts entryHash); absent for matches without a commitment. */
  hash?: string;
  /** The client's id of a player move (not hashed): a resumed table answers a re-sent id with the first answer. */
  actionId?: string;
}

export interface MatchEndRecord {
  status: "finished" | "abandoned";
  endedAt: Date;
  durationMs: number;
  winnerTeam: number | null;
  scores: number[];
  outcome: Record<string, unknown>;
}

export interface MatchStoreOptions {
  /** Seconds a live match's owner vouches for it at creation and at each renewal (default 60). */
  leaseS?: number;
  /** Where acknowledged entries wait for the database (local file or Redis); none: memory only. */
  journal?: MatchJournal;
  /** The batched writer every recorder of this store hands its writes to (logWriter.ts). */
  writer?: LogWriterOptions;
  /** Entries held unstored across all matches at which unattended play waits (default 20,000). */
  maxBacklog?: number;
}

/** 20 writer passes of 1,000 entries: a few seconds of the writer's work, ≈ 30 MB of heap. */
const DEFAULT_MAX_BACKLOG = 20_000;

/** A stored match as a resume reads it. */
export interface ResumableMatchRecord {
  status: string;
  processId: string | null;
  start: MatchStartRecord;
  entries: LogEntry[];
}

/** A live match whose owner stopped renewing its lease, now marked interrupted. */
export interface ExpiredMatch {
  id: string;
  processId: string | null;
  host: string | null;
}

export class MatchStore {
  readonly leaseS: number;
  readonly journal: MatchJournal | undefined;
  /**
   * Matches this process's recorders hold live, with their rooms: their leases are renewed in the
   * background, and until a match's row reaches the database (a moment after its start, through
   * the batched writer) `GET /matches/:id/boxscore` finds its room here (PROTOCOL §3).
   */
  readonly liveMatches = new Map<string, string>();
  /** Matches that logged an entry since the lease tick last stamped their tables' activity. */
  readonly recentlyActive = new Set<string>();
  /** The process-wide batched writer of the match log (one per store, so one per process). */
  readonly writer: LogWriter;
  /**
   * Entries every recorder of this store holds in memory, not yet stored. Acknowledged actions
   * are never refused, so play that needs no one's pace (a table left to its bots) waits while
   * this is at `maxBacklog` instead: otherwise it outruns the writer (most of all on the embedded
   * database) and the backlog grows without bound in the heap.
   */
  pendingEntries = 0;
  /** The bound on pendingEntries (tests lower it). */
  maxBacklog: number;

  constructor(
    private readonly db: Db,
    options: MatchStoreOptions = {},
  ) {
    this.leaseS = options.leaseS ?? 60;
    this.journal = options.journal;
    this.maxBacklog = Math.max(1, options.maxBacklog ?? DEFAULT_MAX_BACKLOG);
    this.writer = new LogWriter(db, (writes) => this.compileWrites(writes), options.writer);
  }

  /** Unattended play (bots only) should wait for the writer: see pendingEntries. */
  get backlogged(): boolean {
    return this.pendingEntries >= this.maxBacklog;
  }

  /** Insert the match and its players; a retry after a lost answer finds them and does nothing. */
  async createMatch(start: MatchStartRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("matches")
        .values(matchRow(start, this.leaseS))
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
      if (start.players.length === 0) return;
      // Users unknown to this database (e.g. tokens minted elsewhere) are stored by name only.
      const ids = start.players.map((p) => p.userId).filter((id): id is string => id !== null && USER_ID.test(id));
      const known = new Set(
        ids.length ? (await tx.selectFrom("users").select("id").where("id", "in", ids).execute()).map((r) => r.id) : [],
      );
      await tx
        .insertInto("match_players")
        .values(
          start.players.map((p) => ({
            match_id: start.matchId,
            seat: p.seat,
            team: p.team,
            user_id: p.userId && known.has(p.userId) ? p.userId : null,
            display_name: p.displayName,
            is_bot: p.isBot,
          })),
        )
        .onConflict((oc) => oc.columns(["match_id", "seat"]).doNothing())
        .execute();
    });
  }

  /** The statements of the writer's transactions (matchWrites.ts; tests make them fail on purpose). */
  compileWrites(writes: readonly MatchWrite[]): CompiledQuery[] {
    return compileMatchWrites(this.db, this.leaseS, writes);
  }

  /** Append entries; (match_id, seq) is the key, so an entry stored by a lost attempt is skipped. */
  async appendEntries(matchId: string, entries: readonly LogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const last = entries[entries.length - 1] as LogEntry;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("match_events")
        .values(entries.map((e) => entryRow(matchId, e)))
        .onConflict((oc) => oc.columns(["match_id", "seq"]).doNothing())
        .execute();
      await tx
        .updateTable("matches")
        .set({ event_count: sql<number>`greatest(event_count, ${last.seq})` })
        .where("id", "=", matchId)
        .execute();
    });
  }

  /** Final state of a match: outcome stored, seed revealed. Only a live/interrupted match changes. */
  async finishMatch(matchId: string, end: MatchEndRecord): Promise<void> {
    await this.db
      .updateTable("matches")
      .set({
        status: end.status,
        ended_at: end.endedAt,
        duration_ms: end.durationMs,
        winner_team: end.winnerTeam,
        scores: JSON.stringify(end.scores),
        outcome: JSON.stringify(end.outcome),
        seed_revealed: true,
      })
      .where("id", "=", matchId)
      .where("status", "in", ["live", "interrupted"])
      .execute();
  }

  /**
   * Server shutdown mid-match, or its process is gone: the match can be resumed from (options,
   * seed, stored actions). With `ownedBy`, only while that process still owns it. True when it changed.
   */
  async markInterrupted(matchId: string, ownedBy?: string): Promise<boolean> {
    let query = interruptQuery(this.db, [matchId]);
    if (ownedBy !== undefined) query = query.where("process_id", "=", ownedBy);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Resume (issue 12): this process takes an interrupted match over, or a live one whose owner
   * stopped renewing its lease (gone). One conditional UPDATE, so two processes can never both
   * win: the match is never live in two processes at once. True when this process holds it now.
   */
  async claimMatch(matchId: string, processId: string): Promise<boolean> {
    const result = await this.db
      .updateTable("matches")
      .set({ status: "live", process_id: processId, host: HOST, lease_until: sql<Date>`now() + make_interval(secs => ${this.leaseS})` })
      .where("id", "=", matchId)
      .where((eb) =>
        eb.or([
          eb("status", "=", "interrupted"),
          eb.and([eb("status", "=", "live"), eb.or([eb("lease_until", "is", null), eb("lease_until", "<", sql<Date>`now()`)])]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** What a resume rebuilds a match from: its start record, status and stored entries in seq order. */
  async loadForResume(matchId: string): Promise<ResumableMatchRecord | undefined> {
    const m = await this.db.selectFrom("matches").selectAll().where("id", "=", matchId).executeTakeFirst();
    if (!m) return undefined;
    const players = await this.db.selectFrom("match_players").selectAll().where("match_id", "=", matchId).orderBy("seat").execute();
    const entries = await this.db
      .selectFrom("match_events")
      .select(["seq", "at", "seat", "source", "action", "events", "hash", "action_id"])
      .where("match_id", "=", matchId)
      .orderBy("seq")
      .execute();
    return {
      status: m.status,
      processId: m.process_id,
      start: {
        matchId: m.id,
        game: m.game,
        roomId: m.room_id,
        ranked: m.ranked,
        options: m.options,
        seed: m.seed,
        serverSeed: m.server_seed ?? undefined,
        seedCommitment: m.seed_commitment ?? undefined,
        clientSeeds: m.client_seeds ?? undefined,
        rngAlgorithm: m.rng_algorithm ?? undefined,
        processId: m.process_id ?? "",
        startedAt: m.created_at instanceof Date ? m.created_at : new Date(m.created_at),
        players: players.map((p) => ({ seat: p.seat, team: p.team, userId: p.user_id, displayName: p.display_name, isBot: p.is_bot })),
      },
      entries: entries.map((e) => ({
        seq: Number(e.seq),
        at: e.at instanceof Date ? e.at : new Date(e.at),
        seat: e.seat,
        source: e.source as EntrySource,
        action: e.action,
        events: e.events,
        ...(e.hash ? { hash: e.hash } : {}),
        ...(e.action_id ? { actionId: e.action_id } : {}),
      })),
    };
  }

  async matchExists(matchId: string): Promise<boolean> {
    return (await this.db.selectFrom("matches").select("id").where("id", "=", matchId).executeTakeFirst()) !== undefined;
  }

  /**
   * The owner still runs these matches: extend their leases (one statement, its rows locked in id
   * order like every multi-row match write: matchRowLocks.ts). A match another process marked
   * interrupted while our renewals could not reach the database is live again.
   */
  async renewLeases(processId: string, matchIds: readonly string[]): Promise<number> {
    if (matchIds.length === 0) return 0;
    const result = await this.db
      .with(
        (cte) => cte("renewed").materialized(),
        (db) => lockMatchRows(db, matchIds).where("process_id", "=", processId).where("status", "in", ["live", "interrupted"]),
      )
      .updateTable("matches")
      .set({ status: "live", lease_until: sql<Date>`now() + make_interval(secs => ${this.leaseS})` })
      .where("id", "in", (eb) => eb.selectFrom("renewed").select("renewed.id"))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Live matches whose lease lapsed (their process is gone): mark them interrupted (rows locked in id order). */
  async interruptExpired(): Promise<ExpiredMatch[]> {
    const rows = await this.db
      .with(
        (cte) => cte("lapsed").materialized(),
        (db) =>
          matchesLockedInIdOrder(db)
            .where("status", "=", "live")
            .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", sql<Date>`now()`)])),
      )
      .updateTable("matches")
      .set({ status: "interrupted", lease_until: null })
      .where("id", "in", (eb) => eb.selectFrom("lapsed").select("lapsed.id"))
      .returning(["id", "process_id", "host"])
      .execute();
    return rows.map((r) => ({ id: r.id, processId: r.process_id, host: r.host }));
  }
}
