import { CompiledQuery, sql } from "kysely";
import type { Db } from "../db/database.js";
import { HOST } from "../platform/processInfo.js";
import { lockMatchRows } from "./matchRowLocks.js";
import type { LogEntry, MatchStartRecord } from "./matchStore.js";

/**
 * The match log's rows as statements: what the batched writer (logWriter.ts) stores for many
 * matches in one transaction, and the rows the store's single-match writes insert.
 */

/** A user id this database may know (tokens minted elsewhere can carry anything). */
export const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the batched writer stores for one match in one transaction (logWriter.ts). */
export interface MatchWrite {
  matchId: string;
  /** The match row and its players, when not stored yet. */
  start?: MatchStartRecord;
  /** Entries in seq order (possibly none). */
  entries: readonly LogEntry[];
  /** The latest box score, when it changed since the last write. */
  box?: { value: unknown; final: boolean };
  /** Shutdown: after this write, the match is interrupted (resumable), as `markInterrupted`. */
  interrupt?: true;
}

/** Rows per multi-row INSERT: 9 parameters per entry, far below Postgres's 65,535 per statement. */
const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The statements that store several matches' writes in ONE transaction (executeInOneTransaction),
 * none depending on an earlier one's result: match rows first, then their players, entries,
 * the lock of the match rows it updates (in id order), event counts and box scores, so a match
 * row always precedes its entries. Every statement is
 * idempotent like the single-match writes: (match_id, seq) keys the entries, so a retry after a
 * lost answer stores each entry exactly once; a final box score is never overwritten.
 */
export function compileMatchWrites(db: Db, leaseS: number, writes: readonly MatchWrite[]): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  const starts = writes.flatMap((w) => (w.start ? [w.start] : []));
  for (const part of chunks(starts, ROWS_PER_STATEMENT)) {
    queries.push(
      db
        .insertInto("matches")
        .values(part.map((start) => matchRow(start, leaseS)))
        .onConflict((oc) => oc.column("id").doNothing())
        .compile(),
    );
  }
  const players = starts.flatMap((start) => start.players.map((p) => ({ matchId: start.matchId, p })));
  for (const part of chunks(players, ROWS_PER_STATEMENT)) {
    queries.push(
      db
        .insertInto("match_players")
        .values(
          part.map(({ matchId, p }) => ({
            match_id: matchId,
            seat: p.seat,
            team: p.team,
            // Users unknown to this database (e.g. tokens minted elsewhere) are stored by name only.
            user_id: p.userId !== null && USER_ID.test(p.userId) ? (eb) => eb.selectFrom("users").select("id").where("id", "=", p.userId as string) : null,
            display_name: p.displayName,
            is_bot: p.isBot,
          })),
        )
        .onConflict((oc) => oc.columns(["match_id", "seat"]).doNothing())
        .compile(),
    );
  }
  queries.push(...entryInserts(writes));
  const counts = writes.filter((w) => w.entries.length > 0).map((w) => ({ id: w.matchId, seq: (w.entries[w.entries.length - 1] as LogEntry).seq }));
  const interrupted = writes.filter((w) => w.interrupt).map((w) => w.matchId);
  // The match rows this transaction updates, locked in id order before any is (matchRowLocks.ts).
  const updated = [...new Set([...counts.map((c) => c.id), ...interrupted])];
  if (updated.length > 0) queries.push(lockMatchRows(db, updated).compile());
  for (const part of chunks(counts, ROWS_PER_STATEMENT)) {
    const rows = sql.join(part.map((c) => sql`(${c.id}::uuid, ${c.seq}::integer)`));
    queries.push(
      sql`update matches set event_count = greatest(matches.event_count, v.seq) from (values ${rows}) as v(id, seq) where matches.id = v.id`.compile(db),
    );
  }
  const boxes = writes.flatMap((w) => (w.box ? [{ match_id: w.matchId, box: JSON.stringify(w.box.value), final: w.box.final }] : []));
  for (const part of chunks(boxes, ROWS_PER_STATEMENT)) {
    queries.push(
      db
        .insertInto("box_scores")
        .values(part)
        .onConflict((oc) =>
          oc
            .column("match_id")
            .doUpdateSet((eb) => ({ box: eb.ref("excluded.box"), final: eb.ref("excluded.final"), updated_at: sql`now()` }))
            .where("box_scores.final", "=", false),
        )
        .compile(),
    );
  }
  for (const part of chunks(interrupted, ROWS_PER_STATEMENT)) {
    queries.push(interruptQuery(db, part).compile());
  }
  return queries;
}

/** match_events columns, in entryRow's order. */
const ENTRY_COLUMNS = ["match_id", "seq", "at", "seat", "source", "action", "events", "hash", "action_id"] as const;
const ENTRY_INSERT_HEAD = `insert into "match_events" (${ENTRY_COLUMNS.map((c) => `"${c}"`).join(", ")}) values `;
const ENTRY_INSERT_TAIL = ` on conflict ("match_id", "seq") do nothing`;
/** `($1, …, $9)` of row i, made once per row position. */
const entryPlaceholders: string[] = [];

function entryPlaceholder(row: number): string {
  let text = entryPlaceholders[row];
  if (text === undefined) {
    const base = row * ENTRY_COLUMNS.length;
    text = `(${ENTRY_COLUMNS.map((_, i) => `$${base + i + 1}`).join(", ")})`;
    entryPlaceholders[row] = text;
  }
  return text;
}

/**
 * The entries of every write as multi-row INSERTs of at most ROWS_PER_STATEMENT rows: the
 * statement Kysely compiles for `insertInto("match_events").values(entryRow…).onConflict(…)
 * .doNothing()`, byte for byte, written directly. It is the one statement of every pass, and
 * building and compiling its query tree (9 value nodes per entry) was most of the writer's CPU
 * (issue 10). test/services/matchWrites.test.ts compares it with Kysely's.
 */
export function entryInserts(writes: readonly MatchWrite[]): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  let text = "";
  let params: unknown[] = [];
  let rows = 0;
  const flush = () => {
    queries.push(CompiledQuery.raw(ENTRY_INSERT_HEAD + text + ENTRY_INSERT_TAIL, params));
    text = "";
    params = [];
    rows = 0;
  };
  for (const w of writes) {
    for (const e of w.entries) {
      text += (rows === 0 ? "" : ", ") + entryPlaceholder(rows);
      params.push(w.matchId, e.seq, e.at, e.seat, e.source, e.action === null ? null : JSON.stringify(e.action), JSON.stringify(e.events), e.hash ?? null, e.actionId ?? null);
      rows += 1;
      if (rows === ROWS_PER_STATEMENT) flush();
    }
  }
  if (rows > 0) flush();
  return queries;
}

export function matchRow(start: MatchStartRecord, leaseS: number) {
  return {
    id: start.matchId,
    game: start.game,
    room_id: start.roomId,
    ranked: start.ranked,
    options: JSON.stringify(start.options),
    seed: start.seed,
    server_seed: start.serverSeed ?? null,
    seed_commitment: start.seedCommitment ?? null,
    client_seeds: start.clientSeeds ? JSON.stringify(start.clientSeeds) : null,
    rng_algorithm: start.rngAlgorithm ?? null,
    process_id: start.processId,
    host: HOST,
    lease_until: sql<Date>`now() + make_interval(secs => ${leaseS})`,
    created_at: start.startedAt,
  };
}

export function entryRow(matchId: string, e: LogEntry) {
  return {
    match_id: matchId,
    seq: e.seq,
    at: e.at,
    seat: e.seat,
    source: e.source,
    action: e.action === null ? null : JSON.stringify(e.action),
    events: JSON.stringify(e.events),
    hash: e.hash ?? null,
    action_id: e.actionId ?? null,
  };
}

/** Interrupted (resumable): only a live match changes. */
export function interruptQuery(db: Db, matchIds: readonly string[]) {
  return db.updateTable("matches").set({ status: "interrupted", lease_until: null }).where("id", "in", matchIds).where("status", "=", "live");
}
