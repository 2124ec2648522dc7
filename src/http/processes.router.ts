import { matchMaker } from "@colyseus/core";
import { Router, type RequestHandler } from "express";
import { z } from "zod";
import type { AuditLog } from "../services/audit.js";
import { drainingProcesses, liveProcesses, setDraining } from "../platform/drain.js";
import { errorBody, mount, route } from "./contract.js";
import { HttpError } from "./errors.js";

/**
 * Server processes and draining (docs/OPERATIONS.md "Draining a process"). Any process answers
 * for every process: the list comes from the matchmaker's shared stats, the draining set from
 * presence.
 */

const processInfo = z.object({
  processId: z.string(),
  roomCount: z.number().int(),
  ccu: z.number().int(),
  draining: z.boolean(),
  /** The process that answered this request. */
  self: z.boolean(),
});
const processParam = z.object({ processId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const drainBody = z.object({ processId: z.string(), draining: z.boolean() });

export const processRoutes = {
  list: route({
    method: "get",
    path: "/admin/processes",
    tag: "admin",
    summary: "Every live server process: its open rooms, connected clients, and whether it drains",
    access: "admin",
    database: false,
    responses: { 200: { description: "Processes", schema: z.object({ processes: z.array(processInfo) }) } },
  }),
  drain: route({
    method: "put",
    path: "/admin/processes/:processId/drain",
    tag: "admin",
    summary: "Drain a process before maintenance: no new tables there, its /ready answers 503; its tables play on",
    description:
      "New tables (matchmaking create/joinOrCreate, POST /tables) go to the other processes; when every process drains they are refused with 503 " +
      "DRAINING. Wait until the process's `roomCount` is 0 (or stop it with SIGTERM: live matches are stored and resume on another process when " +
      "their players come back), then restart it. A restarted process has a new id and is not draining.",
    access: "admin",
    database: false,
    params: processParam,
    responses: { 200: { description: "Draining", schema: drainBody }, 404: { description: "PROCESS_NOT_FOUND", schema: errorBody } },
  }),
  undrain: route({
    method: "delete",
    path: "/admin/processes/:processId/drain",
    tag: "admin",
    summary: "Stop draining a process: it takes new tables again",
    access: "admin",
    database: false,
    params: processParam,
    responses: { 200: { description: "Not draining", schema: drainBody } },
  }),
};

export function processesRouter(deps: { admin: RequestHandler; audit: AuditLog }): Router {
  const router = Router();
  mount(router, processRoutes.list, [deps.admin], async () => {
    const [all, draining] = await Promise.all([liveProcesses(), drainingProcesses()]);
    const processes = all
      .map((p) => ({ processId: p.processId, roomCount: p.roomCount, ccu: p.ccu, draining: draining.has(p.processId), self: p.processId === matchMaker.processId }))
      .sort((a, b) => a.processId.localeCompare(b.processId));
    return { status: 200, body: { processes } };
  });
  mount(router, processRoutes.drain, [deps.admin], async ({ params }, req) => {
    const all = await liveProcesses();
    if (!all.some((p) => p.processId === params.processId)) throw new HttpError(404, "PROCESS_NOT_FOUND", "no live process has this id");
    await setDraining(params.processId, true);
    deps.audit.record({ kind: "process.drain", userId: req.user?.sub ?? null, detail: { processId: params.processId, draining: true } });
    return { status: 200, body: { processId: params.processId, draining: true } };
  });
  mount(router, processRoutes.undrain, [deps.admin], async ({ params }, req) => {
    await setDraining(params.processId, false);
    deps.audit.record({ kind: "process.drain", userId: req.user?.sub ?? null, detail: { processId: params.processId, draining: false } });
    return { status: 200, body: { processId: params.processId, draining: false } };
  });
  return router;
}
