import type { ColumnType, Generated, Insertable, JSONColumnType, Selectable, Updateable } from "kysely";

/** Kysely table types. Keep in step with the migrations in ./migrations. */

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert, settable on update. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** int8 columns: pg returns strings, PGlite numbers; read them through `toInt` (normalize.ts). */
type Int8 = ColumnType<string | number | bigint, number | bigint | string | undefined, number | bigint | string>;

export interface UsersTable {
  id: Generated<string>;
  email: string | null;
  password_hash: string | null;
  first_name: Generated<string>;
  last_name: Generated<string>;
  display_name: string;
  role: Generated<"player" | "admin">;
  is_guest: Generated<boolean>;
  league_points: Generated<number>;
  /** Carried in access tokens; bumped to withdraw every token issued before (migration 0003). */
  token_version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

export type MatchStatus = "live" | "finished" | "interrupted" | "abandoned";

export interface MatchesTable {
  id: Generated<string>;
  game: string;
  room_id: string;
  ranked: Generated<boolean>;
  options: JSONColumnType<Record<string, unknown>>;
  /** Secret while the match runs; only served once `seed_revealed` is true. */
  seed: string;
  seed_revealed: Generated<boolean>;
  status: Generated<MatchStatus>;
  process_id: string | null;
  created_at: CreatedAt;
  ended_at: Timestamp | null;
  duration_ms: number | null;
  winner_team: number | null;
  scores: JSONColumnType<number[]> | null;
  outcome: JSONColumnType<Record<string, unknown>> | null;
  event_count: Generated<number>;
  /** Set, once, by the transaction that turned this match into results (0002). */
  results_applied_at: Timestamp | null;
  /** Idempotency key of a result reported from outside the server (POST /game-result; 0002). */
  external_id: string | null;
  /** Until when the owning process vouches for a live match (0004); renewed in the background. */
  lease_until: Timestamp | null;
  /** Host of the owning process: its local journal can only be imported there (0004). */
  host: string | null;
  /** The server seed, secret like `seed` (then the dealing seed derived from it) until revealed (0008). */
  server_seed: string | null;
  /** SHA-256 (hex) of the server seed, published before the first deal (0008; null before it). */
  seed_commitment: string | null;
  /** The seats' client seeds in seat order, mixed into the dealing seed (0008). */
  client_seeds: JSONColumnType<string[]> | null;
  /** The dealing algorithm and its version (commitReveal.ts RNG_ALGORITHM; 0008). */
  rng_algorithm: string | null;
  /** Position in the event log once the match is over (0010; the sequencer assigns it). */
  log_position: Int8 | null;
}

export interface MatchPlayersTable {
  match_id: string;
  seat: number;
  team: number;
  user_id: string | null;
  display_name: string;
  is_bot: Generated<boolean>;
  result: "win" | "loss" | "draw" | null;
  points_delta: number | null;
  /** The account was a guest when the match started (0010; set by a trigger on insert). */
  guest: Generated<boolean>;
}

export interface MatchEventsTable {
  match_id: string;
  seq: number;
  at: Timestamp;
  /** Acting seat; null for events the room itself caused (timeouts are attributed to the seat). */
  seat: number | null;
  /** What caused the entry: a player, a bot, a turn timeout, or the room (forfeit, start). */
  source: "player" | "bot" | "timeout" | "room";
  action: JSONColumnType<Record<string, unknown>> | null;
  events: JSONColumnType<unknown[]>;
  /** Link in the match's hash chain (0008; null for entries stored before it). */
  hash: string | null;
  /** The client's action id of a player move (0012; null otherwise): a resumed table answers a re-sent id once. */
  action_id: string | null;
}

export interface BoxScoresTable {
  match_id: string;
  box: JSONColumnType<Record<string, unknown>>;
  final: Generated<boolean>;
  updated_at: DefaultedTimestamp;
}

export interface AuditLogTable {
  id: Generated<Int8>;
  at: CreatedAt;
  kind: string;
  user_id: string | null;
  room_id: string | null;
  match_id: string | null;
  ip: string | null;
  detail: JSONColumnType<Record<string, unknown>>;
}

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  rotated_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The pair this rotation handed out, encrypted with a key only the old token's holder can derive. */
  successor_token: string | null;
  /** Until when a duplicate of this rotation gets that same pair back (the grace window). */
  successor_expires_at: Timestamp | null;
}

/** Private-table join codes (0004): kept in the database so a Redis restart cannot lose them. */
export interface JoinCodesTable {
  code: string;
  room_id: string;
  process_id: string;
  created_at: CreatedAt;
}

/** Live processes (0004): a process whose lease lapsed is gone, with its tables and codes. */
export interface ProcessLeasesTable {
  process_id: string;
  host: string;
  pid: number;
  started_at: Timestamp;
  lease_until: Timestamp;
}

/** One game × rule version × UTC day of the RNG fingerprint (0005; docs/FAIRNESS.md). */
export interface FairnessProfilesTable {
  game: string;
  rule_version: string;
  /** 'YYYY-MM-DD', UTC. */
  period: string;
  observations: Generated<number>;
  /** A `Fingerprint` (src/games/core/fairness/fingerprint.ts): additive counts and sums. */
  fingerprint: JSONColumnType<Record<string, unknown>>;
  min_p_value: Generated<number>;
  updated_at: DefaultedTimestamp;
}

/** Matches already folded into fairness_profiles and fairness_luck (each counts once). */
export interface FairnessFoldedTable {
  match_id: string;
  folded_at: CreatedAt;
}

/** Sums of an account's dealt-hand strength (first-deal points), for its luck z-score. */
export interface FairnessLuckTable {
  user_id: string;
  game: string;
  hands: Generated<number>;
  points_sum: Generated<number>;
  points_sum_sq: Generated<number>;
}

/** Matches already folded into baseball_lines and baseball_manager_games (0006; each counts once). */
export interface BaseballFoldedTable {
  match_id: string;
  folded_at: CreatedAt;
}

interface BaseballCounts {
  pa: number;
  ab: number;
  r: number;
  h: number;
  doubles: number;
  triples: number;
  hr: number;
  rbi: number;
  bb: number;
  so: number;
  hbp: number;
  sf: number;
  sh: number;
  sb: number;
  cs: number;
  /** Pitching: outs recorded, batters faced, and what he allowed (p_ = against him). */
  outs: number;
  bf: number;
  p_h: number;
  p_r: number;
  er: number;
  p_bb: number;
  p_so: number;
  p_hr: number;
  pitches: number;
  /** Decisions of record: wins, losses, saves. */
  w: number;
  l: number;
  sv: number;
}

/** One card's batting and pitching line in one finished baseball match (0006). */
export interface BaseballLinesTable extends BaseballCounts {
  match_id: string;
  card_id: string;
  team: number;
  /** UTC year the match ended in, e.g. '2026'. */
  season: string;
  name: string;
  batted: boolean;
  pitched: boolean;
}

/** One human manager's result in one finished baseball match (0006). */
export interface BaseballManagerGamesTable {
  match_id: string;
  team: number;
  user_id: string;
  season: string;
  won: number;
  lost: number;
  tied: number;
  runs_for: number;
  runs_against: number;
}

/** Materialized view: a card's totals per season and over his career (season 'career'). */
export interface BaseballCardStatsView extends BaseballCounts {
  card_id: string;
  season: string;
  name: string;
  games: number;
  games_batted: number;
  games_pitched: number;
  avg: number | null;
  obp: number | null;
  slg: number | null;
  ops: number | null;
  era: number | null;
  whip: number | null;
  k9: number | null;
}

/** Materialized view: a manager's record per season and over his career (season 'career'). */
export interface BaseballManagerStatsView {
  user_id: string;
  season: string;
  games: number;
  wins: number;
  losses: number;
  ties: number;
  runs_for: number;
  runs_against: number;
}

/** A player's deck for one game (migration 0007); `cards` as the game's validateDeck normalised it. */
export interface DecksTable {
  id: Generated<string>;
  user_id: string;
  game: string;
  name: string;
  cards: JSONColumnType<string[]>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
}

/** A table created over REST (`POST /games`), for `GET /games/me/active` before the match starts. */
export interface GameTablesTable {
  room_id: string;
  game: string;
  creator_id: string;
  opponent: "bot" | "open" | "user";
  invitee_id: string | null;
  created_at: CreatedAt;
}

export type TableMode = "quick" | "bots" | "private";
export type TableStatus = "waiting" | "playing" | "paused" | "interrupted" | "finished" | "abandoned" | "closed";
export type PauseReason = "manual" | "idle";

/** The table registry (migration 0009, issue 12): one row per table, whichever process holds it. */
export interface TablesTable {
  room_id: string;
  game: string;
  mode: TableMode;
  ranked: Generated<boolean>;
  /** Creator of a bots/private/REST table; null for quick tables. */
  owner_id: string | null;
  status: Generated<TableStatus>;
  match_id: string | null;
  paused_reason: PauseReason | null;
  /** The user who paused it (null for an idle pause). */
  paused_by: string | null;
  paused_at: Timestamp | null;
  /** Total time spent paused, in ms (the current pause not included while it lasts). */
  paused_ms: Int8;
  /** Process holding the table loaded; null while it is unloaded. */
  process_id: string | null;
  options: JSONColumnType<Record<string, unknown>>;
  /** What the resume work needs to rebuild the room (owned by it). */
  room_state: JSONColumnType<Record<string, unknown>> | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  last_activity_at: DefaultedTimestamp;
}

/** Who sits at a table (migration 0009). */
export interface TableMembersTable {
  room_id: string;
  user_id: string;
  seat: number;
}

/** A projection's progress through the event log (0010; docs/EVENT_STORE.md). */
export interface ProjectionCheckpointsTable {
  name: string;
  /** The last log position applied (matches.log_position); 0 before the first. */
  position: Int8;
  updated_at: DefaultedTimestamp;
  rebuilt_at: Timestamp | null;
}

export interface Database {
  users: UsersTable;
  matches: MatchesTable;
  match_players: MatchPlayersTable;
  match_events: MatchEventsTable;
  box_scores: BoxScoresTable;
  audit_log: AuditLogTable;
  refresh_tokens: RefreshTokensTable;
  join_codes: JoinCodesTable;
  process_leases: ProcessLeasesTable;
  fairness_profiles: FairnessProfilesTable;
  fairness_folded: FairnessFoldedTable;
  fairness_luck: FairnessLuckTable;
  baseball_folded: BaseballFoldedTable;
  baseball_lines: BaseballLinesTable;
  baseball_manager_games: BaseballManagerGamesTable;
  baseball_card_stats: BaseballCardStatsView;
  baseball_manager_stats: BaseballManagerStatsView;
  decks: DecksTable;
  game_tables: GameTablesTable;
  tables: TablesTable;
  table_members: TableMembersTable;
  projection_checkpoints: ProjectionCheckpointsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type MatchRow = Selectable<MatchesTable>;
export type MatchEventRow = Selectable<MatchEventsTable>;
