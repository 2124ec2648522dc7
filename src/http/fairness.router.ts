import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { ALERT_LEVEL, PASS_LEVEL } from "../games/core/fairness/stats.js";
import { readLuck } from "../services/fairness/luck.js";
import { readProfile } from "../services/fairness/profiles.js";
import { errorBody, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";

/** The RNG fingerprinter's profiles (public) and the per-account luck report (admins). docs/FAIRNESS.md */

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const gameParam = z.object({ game: z.string().regex(/^[a-z0-9_-]{1,32}$/) });
const day = z.iso.date().describe("UTC day, YYYY-MM-DD");

const testLine = z.object({
  name: z.string(),
  description: z.string(),
  statistic: z.number().describe("χ² for table tests, z for serial and runs tests"),
  df: z.number().int().nullable().describe("Degrees of freedom (χ² tests only)"),
  n: z.number().int().describe("Observations the test counted (card placements, deals or consecutive pairs)"),
  pValue: z.number().min(0).max(1),
  pass: z.boolean().describe("pValue ≥ 0.01 (99 % confidence)"),
  enoughData: z.boolean().describe("Large enough sample for the approximation; small samples never alert"),
});

const profileBody = z
  .object({
    game: z.string(),
    from: day,
    to: day,
    passLevel: z.number(),
    alertLevel: z.number(),
    profiles: z.array(
      z.object({
        ruleVersion: z.string().describe("Rule profile and first-deal packets, e.g. SAUDI_DEFAULT/3+2"),
        periods: z.number().int().describe("Days with data in the range"),
        firstPeriod: day,
        lastPeriod: day,
        observations: z.number().int().describe("Deals (or rolls) folded in"),
        minPValue: z.number().min(0).max(1),
        alert: z.boolean().describe("minPValue < 0.001"),
        tests: z.array(testLine),
        counts: z.record(z.string(), z.array(z.array(z.number().int()))).describe("The contingency tables: rows × symbols"),
      }),
    ),
  })
  .meta({ id: "FairnessProfile" });

const luckBody = z
  .object({
    game: z.string(),
    measure: z.string(),
    expectedMean: z.number(),
    expectedSd: z.number().describe("Standard deviation of one hand's measure"),
    players: z.array(
      z.object({
        userId: z.uuid(),
        displayName: z.string(),
        hands: z.number().int(),
        meanPoints: z.number(),
        z: z.number().describe("(sum − hands·mean) / (sd·√hands); |z| > 3 is worth a look"),
      }),
    ),
  })
  .meta({ id: "FairnessLuck" });

const unknownGame = { description: "UNKNOWN_GAME (no fingerprint for this game)", schema: errorBody };

export const fairnessRoutes = {
  profile: route({
    method: "get",
    path: "/fairness/:game/profile",
    tag: "fairness",
    summary: "The RNG fingerprint of a game's deals over a range of days",
    description:
      "χ² uniformity, serial correlation and runs tests with p-values, per rule version, over the finished matches " +
      "that ended in [from, to] (UTC days, inclusive; default the last 30 days, at most 366). See docs/FAIRNESS.md.",
    access: "public",
    params: gameParam,
    query: z.object({ from: day.optional(), to: day.optional() }),
    responses: { 200: { description: "Profiles, one per rule version", schema: profileBody }, 404: unknownGame },
  }),
  luck: route({
    method: "get",
    path: "/admin/fairness/luck",
    tag: "admin",
    summary: "Dealt-hand luck per account, most unusual first",
    description: "For spotting anomalies (collusion, bots). Never used to change deals. See docs/FAIRNESS.md.",
    access: "admin",
    query: z.object({
      game: gameParam.shape.game.default("baloot"),
      userId: z.uuid().optional(),
      minHands: z.coerce.number().int().min(1).max(1_000_000).default(1),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    responses: { 200: { description: "Accounts with their z-scores", schema: luckBody }, 404: unknownGame },
  }),
};

export interface FairnessRouterDeps {
  db: Db;
  admin: RequestHandler;
}

export function fairnessRouter(deps: FairnessRouterDeps): Router {
  const router = Router();
  mount(router, fairnessRoutes.profile, [], async ({ params, query }) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1) throw new HttpError(400, "VALIDATION_FAILED", "from must not be after to");
    if (days > MAX_DAYS) throw new HttpError(400, "VALIDATION_FAILED", `at most ${MAX_DAYS} days per request`);
    const profiles = await readProfile(deps.db, params.game, from, to);
    if (!profiles) throw new HttpError(404, "UNKNOWN_GAME", `no fingerprint for game ${params.game}`);
    return { status: 200, body: { game: params.game, from, to, passLevel: PASS_LEVEL, alertLevel: ALERT_LEVEL, profiles } };
  });
  mount(router, fairnessRoutes.luck, [deps.admin], async ({ query }) => {
    const report = await readLuck(deps.db, query.game, query);
    if (!report) throw new HttpError(404, "UNKNOWN_GAME", `no fingerprint for game ${query.game}`);
    return { status: 200, body: report };
  });
  return router;
}
