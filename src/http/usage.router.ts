import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { TableRegistry } from "../services/tableRegistry.js";
import { errorBody, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";
import type { Db } from "../db/database.js";

/** Per-user usage (issue 12 §4): what hosts bill or limit by. */

const USAGE_DEFINITION =
  "Per UTC day, newest first, days with no usage left out. `tablesCreated`: tables the user owns (created with POST /tables, or by matchmaking " +
  "`create` in bots/private mode), by the day created. `minutesPlayed`: for every match the user held a seat in when it started, the match's " +
  "running time (start to end, or to now while it runs, less the time its table was paused), on the day it started. `botMinutes`: for every " +
  "match at a table the user owns, its running time × its bot seats, on the day it started. Minutes to two decimals.";

const usageQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();
const usageBody = z
  .object({
    userId: z.uuid(),
    days: z.number().int(),
    items: z.array(z.object({ day: z.string(), tablesCreated: z.number().int(), minutesPlayed: z.number(), botMinutes: z.number() })),
    totals: z.object({ tablesCreated: z.number().int(), minutesPlayed: z.number(), botMinutes: z.number() }),
  })
  .meta({ id: "Usage", description: USAGE_DEFINITION });

export const usageRoutes = {
  mine: route({
    method: "get",
    path: "/me/usage",
    tag: "tables",
    summary: "My usage per day: tables created, minutes played, bot minutes",
    description: USAGE_DEFINITION,
    access: "user",
    query: usageQuery,
    responses: { 200: { description: "Usage over the last `days` days (today included)", schema: usageBody } },
  }),
  user: route({
    method: "get",
    path: "/admin/users/:id/usage",
    tag: "admin",
    summary: "A user's usage per day (admin)",
    description: USAGE_DEFINITION,
    access: "admin",
    params: z.object({ id: z.uuid() }),
    query: usageQuery,
    responses: { 200: { description: "Usage", schema: usageBody }, 404: { description: "USER_NOT_FOUND", schema: errorBody } },
  }),
};

export function usageRouter(deps: { db: Db; tables: TableRegistry; user: RequestHandler; admin: RequestHandler }): Router {
  const router = Router();
  const usage = async (userId: string, days: number) => {
    const items = await deps.tables.usage(userId, days);
    const sum = (k: "tablesCreated" | "minutesPlayed" | "botMinutes") => Math.round(items.reduce((a, i) => a + i[k], 0) * 100) / 100;
    return { userId, days, items, totals: { tablesCreated: sum("tablesCreated"), minutesPlayed: sum("minutesPlayed"), botMinutes: sum("botMinutes") } };
  };
  mount(router, usageRoutes.mine, [deps.user], async ({ query }, req) => ({ status: 200, body: await usage(req.user!.sub, query.days) }));
  mount(router, usageRoutes.user, [deps.admin], async ({ params, query }) => {
    const found = await deps.db.selectFrom("users").select("id").where("id", "=", params.id).executeTakeFirst();
    if (!found) throw new HttpError(404, "USER_NOT_FOUND", "no such user");
    return { status: 200, body: await usage(params.id, query.days) };
  });
  return router;
}
