import { defineRoom, matchMaker, type RegisteredHandler } from "@colyseus/core";
import { BalootRoom, RankedBalootRoom } from "../rooms/BalootRoom.js";
import { BaseballRoom } from "../rooms/BaseballRoom.js";
import { DuelRoom } from "../rooms/DuelRoom.js";
import { DeckService } from "../services/decks.js";
import { setRoomServices } from "../rooms/context.js";
import { installGameEndedErrors } from "../rooms/endedGames.js";
import { installRevival } from "../rooms/table/revival.js";
import { AuditLog } from "../services/audit.js";
import { Durability } from "../services/durability.js";
import { installTableDirectory } from "../services/tableDirectory.js";
import { TableRegistry } from "../services/tableRegistry.js";
import { AbandonSweep } from "../services/tableSweep.js";
import { allProjections, Projector } from "../services/projections/index.js";
import { createTableCreationLimiter } from "../services/rateLimit.js";
import { apiRouters } from "../http/api.js";
import { tablesRouter } from "../http/tables.router.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { drainReadiness, selectProcessForNewTable } from "./drain.js";
import { startServer, type DiwanServer } from "./server.js";

/**
 * The composition root: which rooms and routers a Diwan process serves.
 * Tests call this too, so they run exactly what production runs.
 */
export async function startDiwan(
  config: Config,
  logger?: Logger,
  /** Additional room types (test fixtures, plug-in games). */
  extraRooms: Record<string, RegisteredHandler> = {},
): Promise<DiwanServer> {
  let audit: AuditLog | undefined;
  let durability: Durability | undefined;
  let projector: Projector | undefined;
  let abandonSweep: AbandonSweep | undefined;
  let tables: TableRegistry | undefined;
  return startServer({
    config,
    logger,
    rooms: () => ({
      // Casual tables: quick match (public), vs-bots and private (both unlisted); `mode` keeps them apart.
      baloot: defineRoom(BalootRoom).filterBy(["mode"]),
      // Ranked quick match: registered players, default rules, forfeit after repeated timeouts.
      baloot_ranked: defineRoom(RankedBalootRoom),
      // Dice baseball: vs bot, private (two managers, optional manual dice), quick.
      baseball: defineRoom(BaseballRoom).filterBy(["mode"]),
      // Card duel: vs bot, private, quick, and tables created over REST (POST /games).
      duel: defineRoom(DuelRoom).filterBy(["mode"]),
      ...extraRooms,
    }),
    routers: (parts) => [tablesRouter(parts), ...apiRouters(parts, () => durability?.store)],
    // Draining processes (maintenance) take no new tables and report not ready.
    selectProcessIdToCreateRoom: selectProcessForNewTable,
    readiness: [drainReadiness],
    beforeListen: async (parts) => {
      await matchMaker.onReady;
      const processId = matchMaker.processId;
      installTableDirectory({ db: parts.database.db, processId: () => processId });
      // Journal, leases and the sweep: before the port opens, what dead processes left is imported.
      durability = new Durability({
        db: parts.database.db,
        logger: parts.logger.child({ component: "durability" }),
        processId,
        journalDir: parts.config.journalDir,
        redis: parts.redisState?.journal,
        leaseS: parts.config.matchLeaseS,
      });
      await durability.start();
      audit = new AuditLog(parts.database.db, parts.logger);
      tables = new TableRegistry(parts.database.db);
      // On-demand revival of unloaded tables (issue 12 §2): `joinById` of a table no process holds.
      installRevival({ tables, store: durability.store, redis: parts.redisState?.journal, processId, logger: parts.logger.child({ component: "revival" }) });
      setRoomServices({
        config: parts.config,
        logger: parts.logger,
        metrics: parts.metrics,
        tokens: parts.tokens,
        matchStore: durability.store,
        audit,
        tables,
        // The match is in the log: results and league points are applied (exactly once, in log
        // order) before the recorder's finish completes, as players read them right after the
        // game; every other projection catches up in the background, never awaited here.
        onMatchFinished: async () => {
          await projector?.catchUp(["league"]);
          projector?.nudge();
        },
        tableCreationLimiter: createTableCreationLimiter(parts.config, parts.redis),
        decks: new DeckService(parts.database.db),
      });
      installGameEndedErrors();
      // The event log's projections (docs/EVENT_STORE.md): results, box scores, baseball league
      // stats, fairness profiles. In the background: a catch-up at start (what finished while no
      // process ran), then on every finished match and every round period.
      projector = new Projector(parts.database.db, allProjections({ metrics: parts.metrics, logger: parts.logger }), {
        intervalMs: Math.min(parts.config.fairnessFoldIntervalMs, parts.config.baseballStatsIntervalMs),
        logger: parts.logger.child({ component: "projections" }),
      });
      projector.start();
      // ABANDON_AFTER_DAYS: paused/interrupted tables left that long are abandoned (no league points).
      abandonSweep = new AbandonSweep(tables, {
        days: parts.config.abandonAfterDays,
        intervalMs: parts.config.abandonSweepIntervalMs,
        logger: parts.logger.child({ component: "abandon-sweep" }),
        audit,
      });
      abandonSweep.start();
    },
    // Refused before any room saw the request: audited like a room's own onAuth refusal.
    onMatchmakeRejected: (_parts, r) => audit?.record({ kind: "room.auth_rejected", ip: r.ip, detail: { reason: r.reason } }),
    onShutdown: () => {
      durability?.stopRenewing();
    },
    onClosed: async () => {
      await projector?.stop();
      await abandonSweep?.stop();
      await audit?.drain();
      // The rooms' last registry writes (interrupted, members) are batched: stored before the database closes.
      await tables?.settled();
      await durability?.close();
      installTableDirectory(undefined);
      installRevival(undefined);
      setRoomServices(undefined);
    },
  });
}
