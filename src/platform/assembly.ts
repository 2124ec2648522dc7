import type { RegisteredHandler } from "@colyseus/core";
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
  return startServer({
    config,
    logger,
    rooms: () => ({ ...extraRooms }),
    routers: () => [],
  });
}
