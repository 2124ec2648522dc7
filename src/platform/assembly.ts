import { defineRoom, type RegisteredHandler } from "@colyseus/core";
import { BalootRoom, RankedBalootRoom } from "../rooms/BalootRoom.js";
import { setRoomServices } from "../rooms/context.js";
import { installGameEndedErrors } from "../rooms/endedGames.js";
import { AuditLog } from "../services/audit.js";
import { FairnessProfiler } from "../services/fairness/profiles.js";
import { MatchStore } from "../services/matchStore.js";
import { createTableCreationLimiter } from "../services/rateLimit.js";
import { applyMatchResults } from "../services/results.js";
import { apiRouters } from "../http/api.js";
import { tablesRouter } from "../http/tables.router.js";
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
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
  let fairness: FairnessProfiler | undefined;
  return startServer({
    config,
    logger,
    rooms: () => ({
      // Casual tables: quick match (public), vs-bots and private (both unlisted); `mode` keeps them apart.
      baloot: defineRoom(BalootRoom).filterBy(["mode"]),
      // Ranked quick match: registered players, default rules, forfeit after repeated timeouts.
      baloot_ranked: defineRoom(RankedBalootRoom),
      ...extraRooms,
    }),
    routers: (parts) => [tablesRouter(parts), ...apiRouters(parts)],
    beforeListen: (parts) => {
      audit = new AuditLog(parts.database.db, parts.logger);
      setRoomServices({
        config: parts.config,
        logger: parts.logger,
        metrics: parts.metrics,
        tokens: parts.tokens,
        matchStore: new MatchStore(parts.database.db),
        audit,
        // Results and league points, exactly once per match (issue 5).
        onMatchFinished: async (matchId) => {
          await applyMatchResults(parts.database.db, matchId);
        },
        tableCreationLimiter: createTableCreationLimiter(parts.config, parts.redis),
      });
      installGameEndedErrors();
      // Fairness profiles from finished matches' deals, in the background (docs/FAIRNESS.md).
      fairness = new FairnessProfiler(parts.database.db, { intervalMs: parts.config.fairnessFoldIntervalMs, metrics: parts.metrics, logger: parts.logger });
      fairness.start();
    },
    // Refused before any room saw the request: audited like a room's own onAuth refusal.
    onMatchmakeRejected: (_parts, r) => audit?.record({ kind: "room.auth_rejected", ip: r.ip, detail: { reason: r.reason } }),
    onClosed: async () => {
      await fairness?.stop();
      await audit?.drain();
      setRoomServices(undefined);
    },
  });
}
