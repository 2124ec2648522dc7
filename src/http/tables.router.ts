import { matchMaker } from "@colyseus/core";
import { Router } from "express";
import { z } from "zod";
import { findRoomByJoinCode, normaliseJoinCode } from "../services/tableDirectory.js";
import type { ServerParts } from "../platform/server.js";
import { authenticate, requireAdmin } from "./auth.middleware.js";
import { HttpError } from "./errors.js";

const codeParam = z.object({ code: z.string().trim().min(4).max(16) });
const roomIdParam = z.object({ roomId: z.string().min(1).max(64) });

/**
 * Table lookups and room administration. Rooms may live in any process: join codes are looked up
 * in the database (they survive a Redis restart), rooms through the matchmaker and
 * `remoteRoomCall`, never through this process's memory alone.
 */
export function tablesRouter(parts: ServerParts): Router {
  const router = Router();
  const admin = requireAdmin({ tokens: parts.tokens, adminUsername: parts.config.adminUsername, adminPassword: parts.config.adminPassword });

  /** Private-table join code → room id (then `client.joinById(roomId, { joinCode })`). */
  router.get("/tables/code/:code", authenticate(parts.tokens), async (req, res) => {
    const { code } = codeParam.parse(req.params);
    const roomId = await findRoomByJoinCode(code);
    if (!roomId) throw new HttpError(404, "TABLE_NOT_FOUND", "no open table has this code");
    res.json({ roomId, joinCode: normaliseJoinCode(code) });
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
