import { z } from "zod";
import { errorBody, route } from "./contract.js";

/**
 * Documentation of routes other routers serve with their own validation (health, metrics,
 * tables and room administration). Listed here so the document covers every route; the
 * contract test fails when these and the mounted routes drift apart.
 */

const roomIdParam = z.object({ roomId: z.string().min(1).max(64) });
const roomNotFound = { description: "ROOM_NOT_FOUND", schema: errorBody };

export const platformRoutes = {
  health: route({
    method: "get",
    path: "/health",
    tag: "operations",
    summary: "Liveness: the process answers (touches no dependency)",
    access: "public",
    database: false,
    responses: {
      200: {
        description: "Alive",
        schema: z.object({
          status: z.literal("ok"),
          uptimeSeconds: z.number(),
          pid: z.number().int(),
          processId: z.string().describe("Colyseus process id (which process of a cluster answered)"),
        }),
      },
    },
  }),
  ready: route({
    method: "get",
    path: "/ready",
    tag: "operations",
    summary: "Readiness: database (and Redis) answer and the process is not shutting down",
    access: "public",
    responses: {
      200: { description: "Ready", schema: z.object({ status: z.string(), failed: z.array(z.string()), checks: z.record(z.string(), z.unknown()) }) },
      503: { description: "Not ready", schema: z.object({ status: z.string(), failed: z.array(z.string()).optional(), checks: z.record(z.string(), z.unknown()) }) },
    },
  }),
  metrics: route({
    method: "get",
    path: "/metrics",
    tag: "operations",
    summary: "Prometheus metrics (Bearer METRICS_TOKEN when set)",
    access: "public",
    database: false,
    responses: {
      200: { description: "Prometheus text format", contentType: "text/plain" },
      401: { description: "METRICS_TOKEN required", schema: errorBody },
    },
  }),
  tableByCode: route({
    method: "get",
    path: "/tables/code/:code",
    tag: "tables",
    summary: "Private table join code → room id (then joinById(roomId, { joinCode }))",
    access: "user",
    params: z.object({ code: z.string().trim().min(4).max(16) }),
    responses: {
      200: { description: "The table", schema: z.object({ roomId: z.string(), joinCode: z.string() }) },
      404: { description: "TABLE_NOT_FOUND", schema: errorBody },
      429: { description: "RATE_LIMITED: more than TABLE_CODE_LOOKUPS_PER_MIN (30) lookups this minute (Retry-After)", schema: errorBody },
    },
  }),
  publicTables: route({
    method: "get",
    path: "/tables/public",
    tag: "tables",
    summary: "Live public tables of every process (quick match, casual and ranked), newest first, at most 200",
    description:
      "For spectators choosing a table: then joinById(roomId, { spectate: true }). vs-bots and private tables are not listed; finished tables drop out.",
    access: "user",
    responses: {
      200: {
        description: "Tables",
        schema: z.object({
          tables: z.array(
            z.object({
              roomId: z.string(),
              game: z.string(),
              mode: z.string(),
              ranked: z.boolean(),
              status: z.enum(["waiting", "playing"]),
              seats: z.array(z.object({ seat: z.number().int(), name: z.string(), bot: z.boolean(), connected: z.boolean() })),
              spectators: z.number().int(),
              createdAt: z.string(),
            }),
          ),
        }),
      },
    },
  }),
  rooms: route({
    method: "get",
    path: "/rooms",
    tag: "admin",
    summary: "Every live room of every process",
    access: "admin",
    responses: { 200: { description: "Rooms", schema: z.object({ rooms: z.array(z.record(z.string(), z.unknown())) }) } },
  }),
  room: route({
    method: "get",
    path: "/rooms/:roomId",
    tag: "admin",
    summary: "One room and its table",
    access: "admin",
    params: roomIdParam,
    responses: { 200: { description: "Room", schema: z.record(z.string(), z.unknown()) }, 404: roomNotFound },
  }),
  closeRoom: route({
    method: "delete",
    path: "/rooms/:roomId",
    tag: "admin",
    summary: "Close a table (a live match is stored as interrupted)",
    access: "admin",
    params: roomIdParam,
    responses: { 202: { description: "Closing", schema: z.object({ roomId: z.string(), closing: z.boolean() }) }, 404: roomNotFound },
  }),
};
