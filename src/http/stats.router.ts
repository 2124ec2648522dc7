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
import { HttpError } from "./errors.js";

/**
 * Stats, league table and results. /stats/:email, /leaderboard and /game-result keep the JSON
 * shapes of the existing Baloot app (including its `{ "error": "Player not found" }`).
 */

const legacyNotFound = z.object({ error: z.literal("Player not found") }).meta({ id: "LegacyNotFound" });
const PLAYER_NOT_FOUND = { error: "Player not found" as const };

const legacyStatsSchema = z
  .object({
    gamesPlayed: z.number().int(),
    wins: z.number().int(),
    losses: z.number().int(),
    winRate: z.number().describe("Percentage of games won (0–100, one decimal)"),
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
});

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

const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const statsRoutes = {
  legacyStats: route({
    method: "get",
    path: "/stats/:email",
    tag: "stats",
    summary: "Win/loss stats by e-mail (Baloot app shape)",
    description: "Only the player himself or an admin: e-mail addresses are private.",
    access: "user",
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
    description: "Accounts by league points; ties by sign-up time then id. Guests and bots never appear.",
    access: "public",
    query: paging(50, 100),
    responses: { 200: { description: "One page, best first", schema: z.array(leaderboardEntry) } },
  }),
  gameResult: route({
    method: "post",
    path: "/game-result",
    tag: "stats",
    summary: "Record a result played outside the server (e.g. offline)",
    description: "Admin access token or SERVICE_TOKEN. +25 for a win, -15 for a loss (never below 0). The same externalId records once.",
    access: "service",
    body: z.object({
      email,
      result: z.enum(["win", "loss", "draw"]),
      game: z.string().regex(/^[a-z0-9_-]{1,32}$/).default("baloot"),
      scores: z.array(z.number().int().min(0).max(100_000)).max(8).optional(),
      externalId: z.string().min(1).max(100).optional(),
      playedAt: z.iso.datetime({ offset: true }).optional(),
    }),
    responses: {
      201: {
        description: "Recorded",
        schema: z.object({ matchId: z.uuid(), pointsDelta: z.number().int(), leaguePoints: z.number().int() }),
      },
      200: {
        description: "Already recorded under this externalId (nothing changed)",
        schema: z.object({ matchId: z.uuid(), pointsDelta: z.number().int(), leaguePoints: z.number().int() }),
      },
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
    description: "Takes effect at the user's next login or token refresh.",
    access: "admin",
    params: uuidParam,
    body: z.object({ role: z.enum(["player", "admin"]) }),
    responses: {
      200: { description: "Updated user", schema: userSchema },
      404: { description: "USER_NOT_FOUND", schema: errorBody },
    },
  }),
};

export interface StatsRouterDeps {
  db: Db;
  accounts: AccountService;
  user: RequestHandler;
  admin: RequestHandler;
  adminOrService: RequestHandler;
  /** Admin actions: role changes, results recorded from outside. */
  audit?: AuditLog;
}

export function statsRouter(deps: StatsRouterDeps): Router {
  const router = Router();
  const { db, accounts } = deps;

  mount(router, statsRoutes.legacyStats, [deps.user], async ({ params }, req) => {
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
    return { status: 200, body: await legacyStats(db, user) };
  });

  mount(router, statsRoutes.leaderboard, [], async ({ query }) => ({
    status: 200,
    body: await leaderboard(db, query.offset, query.limit),
  }));

  mount(router, statsRoutes.gameResult, [deps.adminOrService], async ({ body }, req) => {
    const user = await accounts.findByEmail(body.email);
    if (!user || user.is_guest) return { status: 404, body: PLAYER_NOT_FOUND };
    const r = await recordExternalResult(db, {
      userId: user.id,
      result: body.result,
      game: body.game,
      scores: body.scores,
      externalId: body.externalId,
      playedAt: body.playedAt ? new Date(body.playedAt) : undefined,
    });
    if (!r.duplicate) {
      deps.audit?.record({ kind: "external_result", userId: req.user?.sub ?? null, matchId: r.matchId, ip: req.ip ?? null, detail: { player: user.id, result: body.result } });
    }
    return {
      status: r.duplicate ? 200 : 201,
      body: { matchId: r.matchId, pointsDelta: r.pointsDelta, leaguePoints: r.leaguePoints },
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
    if (!(await accounts.findById(params.id))) throw new HttpError(404, "USER_NOT_FOUND", "user not found");
    const updated = await accounts.setRole(params.id, body.role);
    deps.audit?.record({ kind: "role_changed", userId: req.user?.sub ?? null, ip: req.ip ?? null, detail: { target: params.id, role: body.role } });
    return { status: 200, body: toPublicUser(updated) };
  });

  return router;
}
