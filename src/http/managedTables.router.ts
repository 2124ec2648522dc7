import { matchMaker } from "@colyseus/core";
import { Router, type Request, type RequestHandler } from "express";
import type { Db } from "../db/database.js";
import { TABLE_OWNER_KEY } from "../rooms/table/registryWrites.js";
import type { AuditLog } from "../services/audit.js";
import type { CreationLimiter } from "../rooms/context.js";
import { TERMINAL_STATUSES, type StoredTable, type TableRegistry } from "../services/tableRegistry.js";
import { mount } from "./contract.js";
import { managedTableRoutes } from "./managedTables.routes.js";
import { HttpError } from "./errors.js";
import { TableBusy } from "../rooms/table/revival.js";
import { TableUnreachable, callTable, revivalFunction, tableLoaded, type TableActor, type TableMethod } from "./tableRevival.js";

/**
 * Tables as managed servers (issue 12 §4): create a table over REST, list mine, look one up,
 * pause, resume and delete it — the owner (creator of a bots/private/REST table, host of a
 * private table) for his own tables, admins for any. Reads come from the table registry (every
 * process), actions go to the room wherever it runs (`remoteRoomCall`), or straight to the
 * database for a table no process holds.
 */

export interface ManagedTablesDeps {
  db: Db;
  tables: TableRegistry;
  audit: AuditLog;
  user: RequestHandler;
  admin: RequestHandler;
  creationLimiter?: CreationLimiter;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function describeTable(t: StoredTable, viewer: string, loaded: boolean) {
  return {
    roomId: t.roomId,
    game: t.game,
    mode: t.mode,
    ranked: t.ranked,
    status: t.status,
    ownerId: t.ownerId,
    owner: t.ownerId === viewer,
    mySeat: t.members.find((m) => m.userId === viewer)?.seat ?? null,
    players: t.members,
    matchId: t.matchId,
    pauseReason: t.status === "paused" ? t.pausedReason : null,
    pausedBy: t.status === "paused" ? t.pausedBy : null,
    pausedAt: t.status === "paused" ? iso(t.pausedAt) : null,
    pausedMs: t.pausedMs,
    loaded,
    options: t.options,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    lastActivityAt: t.lastActivityAt.toISOString(),
  };
}

const VERDICT_STATUS: Record<string, number> = { NOT_OWNER: 403, TABLE_NOT_FOUND: 404 };
/** How long a creation waits for the new table's registry row (written in the background) before answering. */
const REGISTRY_WAIT_MS = 5_000;

export function managedTablesRouter(deps: ManagedTablesDeps): Router {
  const router = Router();
  const { tables } = deps;
  const actor = (req: Request): TableActor => ({ userId: req.user!.sub, admin: req.user!.role === "admin" });
  const loadedSet = async (items: StoredTable[]): Promise<Set<string>> => {
    const candidates = items.filter((t) => !TERMINAL_STATUSES.includes(t.status)).map((t) => t.roomId);
    return candidates.length ? new Set((await matchMaker.findRoomsByIds(candidates)).keys()) : new Set();
  };
  const mustFind = async (id: string): Promise<StoredTable> => {
    const t = await tables.get(id);
    if (!t) throw new HttpError(404, "TABLE_NOT_FOUND", "no table has this id");
    return t;
  };
  const mustOwn = (t: StoredTable, by: TableActor): void => {
    if (!by.admin && t.ownerId !== by.userId) throw new HttpError(403, "NOT_OWNER", "only the table's owner or an admin may do this");
  };
  /** The room's own answer; a refusal becomes the matching HTTP error. */
  const ask = async (roomId: string, method: TableMethod, by: TableActor): Promise<void> => {
    let verdict;
    try {
      verdict = await callTable(roomId, method, by);
    } catch (err) {
      if (err instanceof TableUnreachable) throw new HttpError(503, "TABLE_UNAVAILABLE", "the table's process did not answer; try again", { "Retry-After": "2" });
      throw err;
    }
    if (!verdict.ok) throw new HttpError(VERDICT_STATUS[verdict.code] ?? 409, verdict.code, verdict.message);
  };
  /**
   * The new room writes its registry row in the background (batched across tables, from whichever
   * process made it): the creation is answered once the row is there, so the table's routes find
   * it at once (a create then an immediate DELETE answered 404 otherwise).
   */
  const recorded = async (roomId: string): Promise<void> => {
    const deadline = Date.now() + REGISTRY_WAIT_MS;
    while (!(await tables.get(roomId))) {
      if (Date.now() >= deadline) throw new HttpError(503, "TABLE_UNAVAILABLE", "the table was created but not recorded in time; try again", { "Retry-After": "2" });
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** The table as it is now (registry writes from the room are in the background: read after they land). */
  const current = async (roomId: string, viewer: string, expect?: (t: StoredTable) => boolean) => {
    let t = await mustFind(roomId);
    for (let i = 0; expect && !expect(t) && i < 40; i++) {
      await new Promise((r) => setTimeout(r, 25));
      t = await mustFind(roomId);
    }
    return describeTable(t, viewer, await tableLoaded(roomId));
  };

  mount(router, managedTableRoutes.create, [deps.user], async ({ body }, req) => {
    const me = req.user!.sub;
    if (deps.creationLimiter) {
      const verdict = await deps.creationLimiter.take(me);
      if (!verdict.ok) throw new HttpError(429, "RATE_LIMITED", `too many new tables; try again in ${verdict.retryAfterS} s`, { "Retry-After": String(verdict.retryAfterS) });
    }
    let roomId: string;
    try {
      const listing = await matchMaker.createRoom(body.game, {
        mode: body.mode,
        ...(body.turnSeconds ? { turnSeconds: body.turnSeconds } : {}),
        ...(body.turnWarningSeconds ? { turnWarningSeconds: body.turnWarningSeconds } : {}),
        ...(body.botLevel ? { botLevel: body.botLevel } : {}),
        ...(body.options ? { game: body.options } : {}),
        [TABLE_OWNER_KEY]: me,
      });
      roomId = listing.roomId;
    } catch (err) {
      // The room refused its options (BAD_OPTIONS, ROOM_LIMIT …): its message starts with the code.
      const text = err instanceof Error ? err.message : String(err);
      const at = text.indexOf(": ");
      const code = at > 0 ? text.slice(0, at) : "BAD_OPTIONS";
      if (code === "ROOM_LIMIT" || code === "DRAINING") throw new HttpError(503, code, text.slice(at + 2));
      throw new HttpError(422, "BAD_OPTIONS", at > 0 ? text.slice(at + 2) : text);
    }
    await recorded(roomId);
    const code = body.mode === "private" ? await deps.db.selectFrom("join_codes").select("code").where("room_id", "=", roomId).executeTakeFirst() : undefined;
    deps.audit.record({ kind: "table.created", userId: me, roomId, detail: { game: body.game, mode: body.mode } });
    return {
      status: 201,
      body: { roomId, roomName: body.game, game: body.game, mode: body.mode, joinCode: code?.code ?? null, ownerId: me, createdAt: new Date().toISOString() },
    };
  });

  mount(router, managedTableRoutes.mine, [deps.user], async ({ query }, req) => {
    const me = req.user!.sub;
    const items = await tables.mine(me, query);
    const loaded = await loadedSet(items);
    return { status: 200, body: { items: items.map((t) => describeTable(t, me, loaded.has(t.roomId))) } };
  });

  mount(router, managedTableRoutes.list, [deps.admin], async ({ query }, req) => {
    const items = await tables.list(query);
    const loaded = await loadedSet(items);
    return { status: 200, body: { items: items.map((t) => describeTable(t, req.user?.sub ?? "", loaded.has(t.roomId))) } };
  });

  mount(router, managedTableRoutes.get, [deps.user], async ({ params }, req) => {
    const by = actor(req);
    const t = await mustFind(params.id);
    if (!by.admin && t.ownerId !== by.userId && !t.members.some((m) => m.userId === by.userId)) {
      throw new HttpError(403, "NOT_YOUR_TABLE", "only the table's owner, its players and admins may look at it");
    }
    const loaded = !TERMINAL_STATUSES.includes(t.status) && (await tableLoaded(t.roomId));
    return { status: 200, body: describeTable(t, by.userId, loaded) };
  });

  mount(router, managedTableRoutes.pause, [deps.user], async ({ params }, req) => {
    const by = actor(req);
    const t = await mustFind(params.id);
    mustOwn(t, by);
    if (TERMINAL_STATUSES.includes(t.status)) throw new HttpError(409, "GAME_ENDED", "the table has ended");
    if (!(await tableLoaded(t.roomId))) {
      if (t.status === "paused") throw new HttpError(409, "ALREADY_PAUSED", "the table is paused");
      throw new HttpError(409, "NOT_LOADED", "the table is interrupted; it comes back when a player rejoins or it is resumed");
    }
    await ask(t.roomId, "pauseTable", by);
    return { status: 200, body: await current(t.roomId, by.userId, (x) => x.status === "paused") };
  });

  mount(router, managedTableRoutes.resume, [deps.user], async ({ params }, req) => {
    const by = actor(req);
    const t = await mustFind(params.id);
    mustOwn(t, by);
    if (TERMINAL_STATUSES.includes(t.status)) throw new HttpError(409, "GAME_ENDED", "the table has ended");
    if (await tableLoaded(t.roomId)) {
      await ask(t.roomId, "resumeTable", by);
    } else {
      if (t.status !== "paused" && t.status !== "interrupted") throw new HttpError(409, "NOT_PAUSED", "the table is not paused");
      const revive = revivalFunction();
      let revived;
      try {
        revived = await revive(t.roomId);
      } catch (err) {
        // The resume work's TableBusy: the match's old process still holds it (its lease has not lapsed).
        if (err instanceof TableBusy) {
          throw new HttpError(503, "TABLE_BUSY", "the table is still held by its server; try again in a moment", { "Retry-After": "5" });
        }
        throw err;
      }
      if (revived === "not_found") throw new HttpError(404, "TABLE_NOT_FOUND", "the table could not be loaded");
      if (revived === "ended") throw new HttpError(409, "GAME_ENDED", "the table has ended");
      // A table revived from `interrupted` plays on by itself: only a paused one needs resuming.
      if (t.status === "paused") await ask(t.roomId, "resumeTable", by);
    }
    return { status: 200, body: await current(t.roomId, by.userId, (x) => x.status !== "paused") };
  });

  mount(router, managedTableRoutes.remove, [deps.user], async ({ params }, req) => {
    const by = actor(req);
    const t = await mustFind(params.id);
    mustOwn(t, by);
    if (TERMINAL_STATUSES.includes(t.status)) throw new HttpError(409, "GAME_ENDED", "the table has ended");
    const started = t.status !== "waiting";
    if (started && !by.admin) throw new HttpError(409, "ALREADY_STARTED", "the match has started; only an admin may delete the table now");
    if (await tableLoaded(t.roomId)) {
      // The room ends the match as abandoned and audits it (room.deleteTable); the registry says so at once.
      await ask(t.roomId, "deleteTable", by);
      if (started) await tables.abandon(t.roomId);
      else await tables.status(t.roomId, { status: "closed", processId: null });
    } else {
      // Nobody holds it: end it in the database (the match abandoned: no results, no league points).
      if (!(await tables.abandon(t.roomId))) throw new HttpError(409, "GAME_ENDED", "the table has ended");
      deps.audit.record({ kind: "table.deleted", userId: by.userId, roomId: t.roomId, matchId: t.matchId, detail: { admin: by.admin, loaded: false, status: t.status } });
    }
    return { status: 200, body: { roomId: t.roomId, status: started ? "abandoned" : "closed" } };
  });

  return router;
}
