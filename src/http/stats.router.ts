import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { normaliseEmail, toPublicUser, type AccountService } from "../services/accounts.js";
import type { AuditLog } from "../services/audit.js";
import { leaderboard } from "../services/leaderboard.js";
import { recordExternalResult } from "../services/results.js";
import { balootAggregates, legacyStats, resultCounts, winRate } from "../services/stats.js";
import { userSchema } from "./auth.router.js";
import { errorBody, isoDate, mount, paging, route, uuidParam } from "./contract.js";

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
import { HttpError } from "./errors.js";

/**
 * Stats, league table and results. /stats/:email, /leaderboard and /game-result keep the JSON
 * shapes of the existing Baloot app (including its `{ "error": "Player not found" }`).
 */

const legacyNotFound = z.object({ error: z.literal("Player not found") }).meta({ id: "LegacyNotFound" });
const PLAYER_NOT_FOUND = { error: "Player not found" as const };

const legacyStatsSchema = z
  .object({
    email: z.string(),
    gamesPlayed: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    winRate: z.number().describe("Percentage of games won (0–100, rounded to one decimal; 0 with no games)"),
    leaguePoints: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
  })
  .meta({ id: "LegacyStats" });

const leaderboardEntry = z.object({
  rank: z.number().int(),
  firstName: z.string(),
  lastName: z.string(),
  leaguePoints: z.number().int(),
  userId: z.uuid().describe("The account (GET /players/:id/stats)"),
});

const leaderboardBody = z.object({ leaderboard: z.array(leaderboardEntry) }).meta({ id: "Leaderboard" });

const legacyError = z.object({ error: z.string() }).meta({ id: "LegacyError", description: "The Baloot app's error shape" });

/** Empty strings count as missing, so `{ "email": "" }` gets the app's "email is required". */
const optionalEmail = z.preprocess((v) => (v === "" || v === null ? undefined : v), email.optional());

/** What the Baloot app sends. */
const appResultBody = z.object({
  email: optionalEmail,
  scoreUs: z.number().int().min(0).max(100_000),
  scoreThem: z.number().int().min(0).max(100_000),
  isWin: z.boolean(),
  externalId: z.string().min(1).max(100).optional(),
});

/** The richer form (draws, other games, idempotency key, time played). */
const fullResultBody = z.object({
  email: optionalEmail,
  result: z.enum(["win", "loss", "draw"]),
  game: z.string().regex(/^[a-z0-9_-]{1,32}$/).default("baloot"),
  scores: z.array(z.number().int().min(0).max(100_000)).max(8).optional(),
  externalId: z.string().min(1).max(100).optional(),
  playedAt: z.iso.datetime({ offset: true }).optional(),
});

const resultRecorded = z
  .object({
    message: z.literal("Game result recorded"),
    pointsDelta: z.number().int().describe("+25 for a win, -15 for a loss (less when points would go below 0), 0 for a draw"),
    matchId: z.uuid(),
    leaguePoints: z.number().int(),
  })
  .meta({ id: "GameResultRecorded" });

const balootAggregatesSchema = z
  .object({
    matches: z.number().int(),
    handsPlayed: z.number().int(),
    handsBought: z.number().int(),
    contractsMade: z.number().int(),
    contractsFailed: z.number().int(),
    contractsMadePct: z.number(),
    kaboots: z.number().int(),
    projects: z.number().int(),
    balootDeclarations: z.number().int(),
    doublesWon: z.number().int(),
    doublesLost: z.number().int(),
    tricks: z.number().int(),
    avgGamePointsPerHand: z.number(),
    timeouts: z.number().int(),
  })
  .meta({ id: "BalootAggregates" });


export const statsRoutes = {
  legacyStats: route({
    method: "get",
    path: "/stats/:email",
    tag: "stats",
    summary: "Win/loss stats by e-mail (Baloot app shape)",
    description:
      "Only the player himself, an admin, or a trusted service (SERVICE_TOKEN): e-mail addresses are private. " +
      "Deprecated: kept for the Baloot app; new clients use GET /players/{id}/stats (docs/API_VERSIONING.md).",
    access: "user",
    deprecated: { since: "2026-11-30", successor: "/players/{id}/stats" },
    params: z.object({ email }),
    responses: {
      200: { description: "Stats", schema: legacyStatsSchema },
      403: { description: "Someone else's e-mail", schema: errorBody },
      404: { description: "No such player", schema: legacyNotFound },
    },
  }),
  leaderboard: route({
    method: "get",
    path: "/leaderboard",
    tag: "stats",
    summary: "League table (Baloot app shape)",
    description: "Accounts by league points; ties by sign-up time then id. Guests and bots never appear. Top 50 unless paged.",
    access: "public",
    query: paging(50, 100),
    responses: { 200: { description: "One page, best first", schema: leaderboardBody } },
  }),
  gameResult: route({
    method: "post",
    path: "/game-result",
    tag: "stats",
    summary: "Record a result played outside the server (e.g. offline)",
    description:
      "Admin access token or SERVICE_TOKEN. The Baloot app's body `{ email, scoreUs, scoreThem, isWin }`, or the richer `{ email, result, game?, scores?, externalId?, playedAt? }`. +25 for a win, -15 for a loss (never below 0). The same externalId records once.",
    access: "service",
    body: z.union([appResultBody, fullResultBody]),
    responses: {
      201: { description: "Recorded", schema: resultRecorded },
      200: { description: "Already recorded under this externalId (nothing changed)", schema: resultRecorded },
      400: { description: "`{ \"error\": \"email is required\" }` without an e-mail; VALIDATION_FAILED for other bad fields", schema: z.union([legacyError, errorBody]) },
      404: { description: "No such player", schema: legacyNotFound },
    },
  }),
  playerStats: route({
    method: "get",
    path: "/players/:id/stats",
    tag: "stats",
    summary: "Public profile with Baloot aggregates",
    access: "public",
    params: uuidParam,
    responses: {
      200: {
        description: "Profile",
        schema: z
          .object({
            id: z.uuid(),
            displayName: z.string(),
            guest: z.boolean(),
            leaguePoints: z.number().int(),
            memberSince: isoDate,
            gamesPlayed: z.number().int(),
            wins: z.number().int(),
            losses: z.number().int(),
            draws: z.number().int(),
            winRate: z.number(),
            baloot: balootAggregatesSchema,
          })
          .meta({ id: "PlayerProfile" }),
      },
      404: { description: "USER_NOT_FOUND", schema: errorBody },
    },
  }),
  setRole: route({
    method: "put",
    path: "/admin/users/:id/role",
    tag: "admin",
    summary: "Make a user an admin or a player",
    description: "The user's current access tokens stop working within 5 s (he refreshes to get the new role). Nobody may change his own role (403 OWN_ROLE).",
    access: "admin",
    params: uuidParam,
    body: z.object({ role: z.enum(["player", "admin"]) }),
    responses: {
      200: { description: "Updated user", schema: userSchema },
      403: { description: "FORBIDDEN (not an admin) or OWN_ROLE", schema: errorBody },
      404: { description: "USER_NOT_FOUND", schema: errorBody },
    },
  }),
};

export interface StatsRouterDeps {
  db: Db;
  accounts: AccountService;
  user: RequestHandler;
  /** A signed-in user or the trusted service (SERVICE_TOKEN, req.user.sub = "service"). */
  userOrService: RequestHandler;
  admin: RequestHandler;
  adminOrService: RequestHandler;
  /** Admin actions: role changes, results recorded from outside. */
  audit?: AuditLog;
}

export function statsRouter(deps: StatsRouterDeps): Router {
  const router = Router();
  const { db, accounts } = deps;

  mount(router, statsRoutes.legacyStats, [deps.userOrService], async ({ params }, req) => {
    const caller = req.user!;
    if (caller.role !== "admin") {
      // Decide before looking the address up, so players cannot probe which e-mails exist.
      const me = await accounts.findById(caller.sub);
      if (!me?.email || normaliseEmail(me.email) !== params.email) {
        throw new HttpError(403, "FORBIDDEN", "you may only see your own stats by e-mail");
      }
    }
    const user = await accounts.findByEmail(params.email);
    if (!user) return { status: 404, body: PLAYER_NOT_FOUND };
    return { status: 200, body: { email: params.email, ...(await legacyStats(db, user)) } };
  });

  mount(router, statsRoutes.leaderboard, [], async ({ query }) => ({
    status: 200,
    body: { leaderboard: await leaderboard(db, query.offset, query.limit) },
  }));

  mount(router, statsRoutes.gameResult, [deps.adminOrService], async ({ body }, req) => {
    if (!body.email) return { status: 400, body: { error: "email is required" } };
    const user = await accounts.findByEmail(body.email);
    if (!user || user.is_guest) return { status: 404, body: PLAYER_NOT_FOUND };
    const app = "isWin" in body;
    const r = await recordExternalResult(db, {
      userId: user.id,
      result: app ? (body.isWin ? "win" : "loss") : body.result,
      game: app ? "baloot" : body.game,
      scores: app ? [body.scoreUs, body.scoreThem] : body.scores,
      externalId: body.externalId,
      playedAt: !app && body.playedAt ? new Date(body.playedAt) : undefined,
    });
    if (!r.duplicate) {
      const detail = { player: user.id, result: app ? (body.isWin ? "win" : "loss") : body.result };
      deps.audit?.record({ kind: "external_result", userId: req.user?.sub ?? null, matchId: r.matchId, ip: req.ip ?? null, detail });
    }
    return {
      status: r.duplicate ? 200 : 201,
      body: { message: "Game result recorded", pointsDelta: r.pointsDelta, matchId: r.matchId, leaguePoints: r.leaguePoints },
    };
  });

  mount(router, statsRoutes.playerStats, [], async ({ params }) => {
    const user = await accounts.findById(params.id);
    if (!user) throw new HttpError(404, "USER_NOT_FOUND", "no such player");
    const counts = await resultCounts(db, user.id);
    return {
      status: 200,
      body: {
        id: user.id,
        displayName: user.display_name,
        guest: user.is_guest,
        leaguePoints: user.league_points,
        memberSince: new Date(user.created_at).toISOString(),
        ...counts,
        winRate: winRate(counts.wins, counts.gamesPlayed),
        baloot: await balootAggregates(db, user.id),
      },
    };
  });

  mount(router, statsRoutes.setRole, [deps.admin], async ({ params, body }, req) => {
    if (req.user?.sub === params.id) throw new HttpError(403, "OWN_ROLE", "nobody may change his own role");
    if (!(await accounts.findById(params.id))) throw new HttpError(404, "USER_NOT_FOUND", "user not found");
    const updated = await accounts.setRole(params.id, body.role, req.user?.sub);
    deps.audit?.record({ kind: "role_changed", userId: req.user?.sub ?? null, ip: req.ip ?? null, detail: { target: params.id, role: body.role } });
    return { status: 200, body: toPublicUser(updated) };
  });

  return router;
}
