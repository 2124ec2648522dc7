import { z } from "zod";
import { CLIENT_SEED_PATTERN } from "../games/core/fairness/commitReveal.js";

/**
 * The wire protocol of every TableRoom (documented for client authors in docs/PROTOCOL.md).
 * Client → server messages are validated here; anything else gets an `error` message back.
 */

export const MESSAGE = {
  /** client → server: `{ id, action }`; answered by exactly one `ack` with the same id. */
  action: "action",
  /** client → server (private tables, before start): `{ seat }`. */
  seat: "seat",
  /** client → server (host of a private table): fill empty seats with bots. */
  fillBots: "fillBots",
  /** client → server (host of a private table): start once all seats are taken. */
  start: "start",
  /** client → server: ask for the box score; answered with `boxScore`. */
  boxScore: "boxScore",
  /** client → server: `{ lastSeq }`; answered with every `events` entry after it visible to the sender. */
  catchUp: "catchUp",
  /** client → server: `{ confirm: true }`; ends the match as a loss for the sender's team (team rule: docs/PROTOCOL.md "Resign"). */
  resign: "resign",
  /** server → client (the resigning player's team): a partner asked to resign; the others still must confirm. */
  resignPending: "resignPending",
  /** client → server (the owner: host of a private table, creator of a vs-bots table): pause the table (docs/PROTOCOL.md "Pause"). */
  pause: "pause",
  /** client → server (the owner): resume a paused table; clocks restart with the time they had left. */
  resume: "resume",
  /** client → server (a seated player of a private table): ask the host for a pause. */
  pauseRequest: "pauseRequest",
  /** server → client (the host): `{ seat, name }` asked for a pause; the host accepts by sending `pause`. */
  pauseRequested: "pauseRequested",
  /** server → client (everyone connected): `{ deadline }` the table is paused and unloaded for inactivity then; `deadline: 0` withdraws it. */
  idleWarning: "idleWarning",
  /** server → client: `{ id, ok, seq, events? }` (the actor's events of an accepted action ride in its ack). */
  ack: "ack",
  /** server → client: `{ seq, events, catchUp? }` — every log entry's visible events, except the actor's own entry (in its ack). */
  events: "events",
  turnWarning: "turnWarning",
  matchEnded: "matchEnded",
  error: "error",
} as const;

/** WebSocket close code of a table unloaded by the idle rule: do not auto-reconnect; `joinById` loads it again (docs/PROTOCOL.md §5b). */
export const CLOSE_IDLE_UNLOADED = 4100;

export const actionMessage = z.object({
  id: z.string().min(1).max(64),
  action: z.unknown(),
  /** Optional: the seat the client believes it holds; a mismatch is refused and audited. */
  seat: z.number().int().min(0).max(15).optional(),
});

export const seatMessage = z.object({ seat: z.number().int().min(0).max(15) });

export const catchUpMessage = z.object({ lastSeq: z.number().int().min(0) });

/** The most messages a client may send per second (any type); see docs/PROTOCOL.md "Rate". */
export const MESSAGES_PER_SECOND = 20;

/** Error codes sent in `ack` and `error` messages, and thrown at join time as `CODE: message`. */
export const ERROR = {
  MALFORMED_MESSAGE: "MALFORMED_MESSAGE",
  UNKNOWN_MESSAGE: "UNKNOWN_MESSAGE",
  NOT_SEATED: "NOT_SEATED",
  SPECTATOR: "SPECTATOR",
  NOT_YOUR_TURN: "NOT_YOUR_TURN",
  NOT_YOUR_SEAT: "NOT_YOUR_SEAT",
  NOT_STARTED: "NOT_STARTED",
  GAME_ENDED: "GAME_ENDED",
  BOT_CONTROLLED: "BOT_CONTROLLED",
  NOT_HOST: "NOT_HOST",
  SEAT_TAKEN: "SEAT_TAKEN",
  TABLE_FULL: "TABLE_FULL",
  ALREADY_STARTED: "ALREADY_STARTED",
  BAD_OPTIONS: "BAD_OPTIONS",
  BAD_JOIN_CODE: "BAD_JOIN_CODE",
  ROOM_LIMIT: "ROOM_LIMIT",
  RATE_LIMITED: "RATE_LIMITED",
  TABLE_LIMIT: "TABLE_LIMIT",
  AUTH_FAILED: "AUTH_FAILED",
  GUEST_NOT_ALLOWED: "GUEST_NOT_ALLOWED",
  CONFIRM_REQUIRED: "CONFIRM_REQUIRED",
  NOT_INVITED: "NOT_INVITED",
  /** The table is paused: actions (and resignations) wait for `resume`. */
  PAUSED: "PAUSED",
  ALREADY_PAUSED: "ALREADY_PAUSED",
  NOT_PAUSED: "NOT_PAUSED",
  /** A player asked for a pause less than 30 s ago. */
  ALREADY_REQUESTED: "ALREADY_REQUESTED",
  /** REST: only the table's owner (or an admin) may do this. */
  NOT_OWNER: "NOT_OWNER",
  INTERNAL: "INTERNAL",
  /** The table is going down (server shutdown): nothing is applied; rejoin by id (docs/PROTOCOL.md §6). */
  SERVER_SHUTDOWN: "SERVER_SHUTDOWN",
} as const;
export type ErrorCode = (typeof ERROR)[keyof typeof ERROR];

/**
 * Numeric codes for join-time failures. They travel as HTTP statuses on the matchmaking request
 * (so they must be valid statuses); the error message starts with the string code.
 */
export const JOIN_ERROR_STATUS: Record<string, number> = {
  AUTH_FAILED: 401,
  BAD_OPTIONS: 400,
  BAD_JOIN_CODE: 403,
  NOT_INVITED: 403,
  GUEST_NOT_ALLOWED: 403,
  TABLE_FULL: 409,
  ALREADY_STARTED: 409,
  GAME_ENDED: 410,
  RATE_LIMITED: 429,
  TABLE_LIMIT: 429,
  ROOM_LIMIT: 503,
};

/**
 * `events`: on the first answer to an accepted action, the engine events of its log entry that
 * the actor may see (possibly none) — the actor gets no separate `events` message for that entry
 * (docs/PROTOCOL.md §4). A repeated answer (the same id sent again) leaves them out.
 */
export type AckMessage =
  | { id: string; ok: true; seq: number; events?: unknown[] }
  | { id: string; ok: false; error: { code: string; message: string } };

export const joinOptions = z
  .object({
    mode: z.enum(["quick", "bots", "private"]).optional(),
    spectate: z.boolean().optional(),
    /** Preferred seat at a private table. */
    seat: z.number().int().min(0).max(15).optional(),
    joinCode: z.string().max(16).optional(),
    /** Access token, when the client cannot send it as the matchmaking Authorization header. */
    token: z.string().max(4096).optional(),
    /** Catch-up: the last `events` seq this client saw; every later entry visible to it is sent first. */
    lastSeq: z.number().int().min(0).optional(),
    /** Turn length in seconds for private/bots tables (quick and ranked tables use the server's). */
    turnSeconds: z.number().int().min(5).max(600).optional(),
    /** Warning lead in seconds for private/bots tables (at most half the turn). */
    turnWarningSeconds: z.number().int().min(1).max(300).optional(),
    /** Bot strength for private/bots tables: "basic" (heuristic) or "strong" (search); default BOT_LEVEL. */
    botLevel: z.enum(["basic", "strong"]).optional(),
    /** Game options for private/bots tables (e.g. Baloot `{ profile: "KAMMELNA_LIKE" }`). */
    game: z.record(z.string(), z.unknown()).optional(),
    /** The player's contribution to the dealing seed (docs/FAIRNESS.md): 1–64 printable ASCII characters, no "|". */
    clientSeed: z.string().regex(CLIENT_SEED_PATTERN, "clientSeed: 1–64 printable ASCII characters other than |").optional(),
    /** Test hooks, honoured only when NODE_ENV=test. */
    seed: z.string().max(128).optional(),
    ranked: z.boolean().optional(),
  })
  .passthrough();
export type JoinOptions = z.infer<typeof joinOptions>;
