import { z } from "zod";
import { errorBody, isoDate, route } from "./contract.js";

/**
 * The contract of the managed-table routes (issue 12 §4): paths, bodies, answers and their
 * OpenAPI text. The handlers are in managedTables.router.ts; scripts/openapi.ts reads these.
 */
/** Games `POST /tables` creates (the duel needs decks: `POST /games`). */
export const REST_TABLE_GAMES = ["baloot", "baseball"] as const;

const tableStatus = z.enum(["waiting", "playing", "paused", "interrupted", "finished", "abandoned", "closed"]);
const tableId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a room id") });

const managedTable = z
  .object({
    roomId: z.string(),
    game: z.string(),
    mode: z.enum(["quick", "bots", "private"]),
    ranked: z.boolean(),
    status: tableStatus,
    ownerId: z.uuid().nullable(),
    /** True when the caller owns the table. */
    owner: z.boolean(),
    /** The caller's seat, or null when he has none. */
    mySeat: z.number().int().nullable(),
    players: z.array(z.object({ userId: z.uuid(), seat: z.number().int() })),
    matchId: z.uuid().nullable(),
    pauseReason: z.enum(["manual", "idle"]).nullable(),
    pausedBy: z.uuid().nullable(),
    pausedAt: isoDate.nullable(),
    pausedMs: z.number().int(),
    /** Whether a process holds the table in memory now (false: paused or interrupted and unloaded, or ended). */
    loaded: z.boolean(),
    options: z.record(z.string(), z.unknown()),
    createdAt: isoDate,
    updatedAt: isoDate,
    lastActivityAt: isoDate,
  })
  .meta({ id: "ManagedTable", description: "A table from the table registry (any process). Join with `client.joinById(roomId)` (private tables: `{ joinCode }`)." });

const listQuery = z
  .object({
    status: tableStatus.optional(),
    game: z.string().min(1).max(32).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const tableNotFound = { description: "TABLE_NOT_FOUND", schema: errorBody };
const notOwner = { description: "NOT_OWNER: only the table's owner or an admin", schema: errorBody };
const unavailable = {
  description:
    "TABLE_UNAVAILABLE (its process did not answer; try again), TABLE_BUSY (an unloaded table's old process still holds its match; try again), DATABASE_UNAVAILABLE",
  schema: errorBody,
};

export const managedTableRoutes = {
  create: route({
    method: "post",
    path: "/tables",
    tag: "tables",
    summary: "Create a table (vs bots or private) and become its owner",
    description:
      "The REST way to start a game instead of matchmaking's `create`. `game`: baloot or baseball (the card duel is played with decks: POST /games). " +
      "`mode`: `bots` (the match starts with bots when the owner joins) or `private` (join code; the owner, first to sit, is the host). " +
      "Then `client.joinById(roomId)` (others: `joinById(roomId, { joinCode })`). A table nobody sits at closes after 15 minutes. " +
      "Counts against the per-user table creation limit (TABLE_RATE_LIMIT_PER_MIN) like matchmaking's `create`. " +
      "Answers once the table is in the registry, so GET /tables/:id, GET /tables/mine and the pause, resume and delete routes find it at once.",
    access: "user",
    body: z
      .object({
        game: z.enum(REST_TABLE_GAMES),
        mode: z.enum(["bots", "private"]),
        turnSeconds: z.number().int().min(5).max(600).optional(),
        turnWarningSeconds: z.number().int().min(1).max(300).optional(),
        botLevel: z.enum(["basic", "strong"]).optional(),
        /** Game options, as the join option `game` (e.g. Baloot `{ profile: "KAMMELNA_LIKE" }`). */
        options: z.record(z.string(), z.unknown()).optional(),
      })
      .strict(),
    rateLimited: true,
    responses: {
      201: {
        description: "The table, waiting for its players",
        schema: z
          .object({
            roomId: z.string(),
            roomName: z.string(),
            game: z.string(),
            mode: z.enum(["bots", "private"]),
            joinCode: z.string().nullable().describe("Private tables: the code others join with"),
            ownerId: z.uuid(),
            createdAt: isoDate,
          })
          .meta({ id: "CreatedTable" }),
      },
      422: { description: "BAD_OPTIONS: the game refused the options", schema: errorBody },
      503: {
        description:
          "ROOM_LIMIT (this server is full), DRAINING (every process is draining for maintenance), DATABASE_UNAVAILABLE, " +
          "TABLE_UNAVAILABLE (the table was made but its registry row did not land within 5 s; its id is not given out, so it closes unused after 15 minutes: try again)",
        schema: errorBody,
      },
    },
  }),
  mine: route({
    method: "get",
    path: "/tables/mine",
    tag: "tables",
    summary: "My tables (owned or seated), newest first, with status, players, my seat and times",
    description:
      "Statuses: waiting, playing, paused (`pauseReason` manual or idle), interrupted (the process stopped; resumed when a player comes back with " +
      "`joinById(roomId)`), finished, abandoned (deleted, or paused/interrupted longer than ABANDON_AFTER_DAYS), closed (ended before the start).",
    access: "user",
    query: listQuery,
    responses: { 200: { description: "Tables", schema: z.object({ items: z.array(managedTable) }) } },
  }),
  list: route({
    method: "get",
    path: "/tables",
    tag: "admin",
    summary: "Every table of every process (admin), by last activity",
    access: "admin",
    query: listQuery,
    responses: { 200: { description: "Tables", schema: z.object({ items: z.array(managedTable) }) } },
  }),
  get: route({
    method: "get",
    path: "/tables/:id",
    tag: "tables",
    summary: "One table: its owner, seated players and admins may look",
    access: "user",
    params: tableId,
    responses: { 200: { description: "The table", schema: managedTable }, 403: { description: "NOT_YOUR_TABLE", schema: errorBody }, 404: tableNotFound },
  }),
  pause: route({
    method: "post",
    path: "/tables/:id/pause",
    tag: "tables",
    summary: "Pause a running table (owner or admin): clocks stop, actions are refused with PAUSED",
    access: "user",
    params: tableId,
    responses: {
      200: { description: "Paused", schema: managedTable },
      403: notOwner,
      404: tableNotFound,
      409: { description: "ALREADY_PAUSED, NOT_STARTED, GAME_ENDED, NOT_LOADED (interrupted: it comes back when a player rejoins)", schema: errorBody },
      503: unavailable,
    },
  }),
  resume: route({
    method: "post",
    path: "/tables/:id/resume",
    tag: "tables",
    summary: "Resume a paused table (owner or admin): clocks restart with their remaining time",
    description: "A paused or interrupted table no process holds is first loaded again (same room id) on some process, then resumed.",
    access: "user",
    params: tableId,
    responses: {
      200: { description: "Resumed", schema: managedTable },
      403: notOwner,
      404: tableNotFound,
      409: { description: "NOT_PAUSED, GAME_ENDED", schema: errorBody },
      503: unavailable,
    },
  }),
  remove: route({
    method: "delete",
    path: "/tables/:id",
    tag: "tables",
    summary: "Delete a table: the owner before the start, an admin any time",
    description: "A live (or paused, or interrupted) match ends as `abandoned`: no results, no league points. Audited (`table.deleted`).",
    access: "user",
    params: tableId,
    responses: {
      200: { description: "Deleted", schema: z.object({ roomId: z.string(), status: z.enum(["closed", "abandoned"]) }) },
      403: notOwner,
      404: tableNotFound,
      409: { description: "ALREADY_STARTED (owners delete before the start; admins any time), GAME_ENDED", schema: errorBody },
      503: unavailable,
    },
  }),
};
