import { Router } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { CAREER, LEADER_STAT_NAMES, LEADER_STATS, cardStats, leaders, managerStats } from "../services/baseball/queries.js";
import { errorBody, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";

/**
 * Dice-baseball league stats (issue 13): career and season lines per player card and per manager,
 * and leader boards, read from the materialized views that the background job refreshes after
 * games (src/services/baseball/). Public, like box scores.
 */

const rate = (what: string) => z.number().nullable().describe(`${what}; null without a denominator`);
const count = z.number().int();
const season = z.string().describe(`"${CAREER}" or a season: the UTC year the games ended in, e.g. "2026"`);

const batting = z
  .object({
    games: count.describe("Games with a batting line"),
    PA: count, AB: count, R: count, H: count, "2B": count, "3B": count, HR: count, RBI: count,
    BB: count.describe("Walks, intentional included"), SO: count, HBP: count, SF: count, SH: count, SB: count, CS: count,
    AVG: rate("H / AB, 3 decimals"),
    OBP: rate("(H + BB + HBP) / (AB + BB + HBP + SF), 3 decimals"),
    SLG: rate("total bases / AB, 3 decimals"),
    OPS: rate("OBP + SLG, 3 decimals"),
  })
  .meta({ id: "BaseballBatting" });

const pitching = z
  .object({
    games: count.describe("Games pitched"),
    outs: count.describe("Outs recorded (IP × 3)"),
    IP: z.string().describe("Innings pitched as box scores show them: 5.1 = 16 outs"),
    BF: count, H: count, R: count, ER: count, BB: count, SO: count, HR: count, pitches: count,
    W: count, L: count, S: count,
    ERA: rate("27 · ER / outs (runs per nine innings), 2 decimals"),
    WHIP: rate("3 · (BB + H) / outs, 2 decimals"),
    K9: rate("27 · SO / outs, 2 decimals"),
  })
  .meta({ id: "BaseballPitching" });

const seasonLine = z.object({ season, games: count.describe("Games the card appeared in"), batting, pitching }).meta({ id: "BaseballSeasonLine" });

const cardStatsBody = z
  .object({ cardId: z.string(), name: z.string(), career: seasonLine, seasons: z.array(seasonLine).describe("Oldest first") })
  .meta({ id: "BaseballCardStats" });

const managerLine = z
  .object({
    season,
    games: count,
    wins: count,
    losses: count,
    ties: count,
    winPct: z.number().nullable().describe("wins / (wins + losses), 3 decimals; null before a decision"),
    runsFor: count,
    runsAgainst: count,
  })
  .meta({ id: "BaseballManagerLine" });

const managerStatsBody = z
  .object({ userId: z.uuid(), displayName: z.string(), career: managerLine, seasons: z.array(managerLine).describe("Oldest first") })
  .meta({ id: "BaseballManagerStats" });

const statNames = LEADER_STAT_NAMES.join(", ");
const leaderStat = z.enum(LEADER_STAT_NAMES, { error: () => `stat must be one of: ${statNames}` });

const leadersBody = z
  .object({
    stat: leaderStat,
    season,
    qualifier: z.enum(["PA", "outs"]).describe("What the minimum counts: plate appearances (batting) or outs recorded (pitching)"),
    min: count,
    leaders: z.array(
      z.object({
        rank: count.describe("Equal values share a rank"),
        cardId: z.string(),
        name: z.string(),
        value: z.number().describe("Rates rounded like the stat lines"),
        PA: count,
        outs: count,
      }),
    ),
  })
  .meta({ id: "BaseballLeaders" });

const defaults = LEADER_STAT_NAMES.map((s) => `${s} ${LEADER_STATS[s].min} ${LEADER_STATS[s].qualifier}`).join(", ");

export const baseballRoutes = {
  cardStats: route({
    method: "get",
    path: "/baseball/players/:cardId/stats",
    tag: "baseball",
    summary: "Career and season stats of a player card",
    description: "Batting (AVG, OBP, SLG, OPS and counts) and pitching (ERA, WHIP, K/9 and counts) over every finished game, refreshed in the background after games.",
    access: "public",
    params: z.object({ cardId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) }),
    responses: {
      200: { description: "The card's lines (zeros when it has not played)", schema: cardStatsBody },
      404: { description: "UNKNOWN_CARD: not in the shipped set and never played", schema: errorBody },
    },
  }),
  leaders: route({
    method: "get",
    path: "/baseball/leaders",
    tag: "baseball",
    summary: "Leaders in a stat",
    description:
      `ERA and WHIP ascending, everything else descending. Cards qualify with at least \`min\` plate appearances (batting stats) or outs ` +
      `(pitching stats); defaults: ${defaults}.`,
    access: "public",
    query: z.object({
      stat: leaderStat,
      season: z.string().regex(/^(career|\d{4})$/).default(CAREER).describe(`"${CAREER}" (default) or a year`),
      min: z.coerce.number().int().min(0).max(1_000_000).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(10),
    }),
    responses: { 200: { description: "The leaders, best first", schema: leadersBody } },
  }),
  managerStats: route({
    method: "get",
    path: "/baseball/managers/:userId/stats",
    tag: "baseball",
    summary: "A manager's won-lost record, career and per season",
    description: "Games he managed (not bots), wins, losses, ties and runs.",
    access: "public",
    params: z.object({ userId: z.uuid() }),
    responses: {
      200: { description: "The manager's record", schema: managerStatsBody },
      404: { description: "UNKNOWN_USER", schema: errorBody },
    },
  }),
};

export function baseballRouter(deps: { db: Db }): Router {
  const router = Router();
  mount(router, baseballRoutes.cardStats, [], async ({ params }) => {
    const stats = await cardStats(deps.db, params.cardId);
    if (!stats) throw new HttpError(404, "UNKNOWN_CARD", `no player card ${params.cardId}`);
    return { status: 200, body: stats };
  });
  mount(router, baseballRoutes.leaders, [], async ({ query }) => {
    const board = await leaders(deps.db, query.stat, query.season, query.min, query.limit);
    return { status: 200, body: { stat: query.stat, season: query.season, ...board } };
  });
  mount(router, baseballRoutes.managerStats, [], async ({ params }) => {
    const stats = await managerStats(deps.db, params.userId);
    if (!stats) throw new HttpError(404, "UNKNOWN_USER", `no account ${params.userId}`);
    return { status: 200, body: stats };
  });
  return router;
}
