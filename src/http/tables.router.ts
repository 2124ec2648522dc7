import { matchMaker } from "@colyseus/core";
import { Router } from "express";
import { z } from "zod";
import { findRoomByJoinCode, normaliseJoinCode } from "../services/tableDirectory.js";
import type { PublicListing } from "../rooms/table/listing.js";
import type { ServerParts } from "../platform/server.js";
import { authenticate, requireAdmin } from "./auth.middleware.js";
import { HttpError } from "./errors.js";
import { enforceLimit } from "./rateLimit.middleware.js";
import { createRateLimiter } from "../services/rateLimit.js";

const codeParam = z.object({ code: z.string().trim().min(4).max(16) });
const roomIdParam = z.object({ roomId: z.string().min(1).max(64) });
/** Most tables `GET /tables/public` lists (the newest). */
export const PUBLIC_TABLES_LIMIT = 200;

/**
 * Table lookups and room administration. Rooms may live in any process: join codes are looked up
 * in the database (they survive a Redis restart), rooms through the matchmaker and
 * `remoteRoomCall`, never through this process's memory alone.
 */
export function tablesRouter(parts: ServerParts): Router {
  const router = Router();
  // Join codes are short: a user may look up only so many per minute (shared across processes with Redis).
  const codeLookups = createRateLimiter({ name: "table-code", windowMs: 60_000, max: parts.config.tableCodeLookupsPerMin, redis: parts.redis });
  const admin = requireAdmin({ tokens: parts.tokens, adminUsername: parts.config.adminUsername, adminPassword: parts.config.adminPassword });

  /** Private-table join code → room id (then `client.joinById(roomId, { joinCode })`). */
  router.get("/tables/code/:code", authenticate(parts.tokens), async (req, res) => {
    const { code } = codeParam.parse(req.params);
    await enforceLimit(codeLookups, req.user?.sub ?? "anonymous", "join code lookups");
    const roomId = await findRoomByJoinCode(code);
    if (!roomId) throw new HttpError(404, "TABLE_NOT_FOUND", "no open table has this code");
    res.json({ roomId, joinCode: normaliseJoinCode(code) });
  });

  /**
   * Live public (quick-match, casual or ranked) tables of every process, newest first, for
   * spectators to pick one (then `client.joinById(roomId, { spectate: true })`). Read from the
   * matchmaking driver's listings, which the rooms keep current.
   */
  router.get("/tables/public", authenticate(parts.tokens), async (_req, res) => {
    const rooms = await matchMaker.query({});
    const tables = rooms
      .map((r) => ({ listing: r, meta: (r.metadata ?? {}) as Partial<PublicListing> }))
      .filter(({ meta }) => meta.mode === "quick" && (meta.status === "waiting" || meta.status === "playing"))
      .map(({ listing, meta }) => ({
        roomId: listing.roomId,
        game: meta.game ?? listing.name,
        mode: meta.mode as string,
        ranked: meta.ranked ?? false,
        status: meta.status as "waiting" | "playing",
        seats: (meta.seats ?? []).map((s) => ({ seat: s.seat, name: s.name, bot: s.bot, connected: s.connected })),
        spectators: meta.spectators ?? 0,
        createdAt: new Date(listing.createdAt ?? Date.now()).toISOString(),
      }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, PUBLIC_TABLES_LIMIT);
    res.json({ tables });
  });

  /** Every live room of every process (admin). */
  router.get("/rooms", admin, async (_req, res) => {
    const rooms = await matchMaker.query({});
    res.json({
      rooms: rooms.map((r) => ({
        roomId: r.roomId,
        name: r.name,
        clients: r.clients,
        maxClients: r.maxClients,
        locked: r.locked,
        private: r.private,
        processId: r.processId,
        metadata: r.metadata ?? {},
        createdAt: r.createdAt,
      })),
    });
  });

  router.get("/rooms/:roomId", admin, async (req, res) => {
    const { roomId } = roomIdParam.parse(req.params);
    const room = await matchMaker.getRoomById(roomId);
    if (!room) throw new HttpError(404, "ROOM_NOT_FOUND", "no such room");
    const info = await matchMaker.remoteRoomCall(roomId, "getTableInfo").catch(() => null);
    res.json({ roomId, name: room.name, processId: room.processId, clients: room.clients, table: info });
  });

  /** Close a table (admin): a live match is stored as interrupted, then everyone is disconnected. */
  router.delete("/rooms/:roomId", admin, async (req, res) => {
    const { roomId } = roomIdParam.parse(req.params);
    const room = await matchMaker.getRoomById(roomId);
    if (!room) throw new HttpError(404, "ROOM_NOT_FOUND", "no such room");
    await matchMaker.remoteRoomCall(roomId, "adminClose", [req.user?.sub ?? "admin"]);
    res.status(202).json({ roomId, closing: true });
  });

  return router;
}
