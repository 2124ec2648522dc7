import type { BotLevel } from "../../games/core/GameDefinition.js";
import type { Config } from "../../platform/config.js";
import type { JoinOptions } from "../protocol.js";

/** Time added to a player's clock when he reconnects during his turn (default; a room type may set its own). */
export const RECONNECT_EXTENSION_MS = 10_000;

/** What a room type sets for all its tables (e.g. ranked rooms, the duel's turn clock). */
export interface TableRoomOptions {
  ranked?: boolean;
  /** Per room type turn clock (defaults: TURN_TIMEOUT_S / TURN_WARNING_S). */
  turnTimeoutS?: number;
  turnWarningS?: number;
  /** Grace added to a player's clock when he reconnects during his turn (default 10 s). */
  reconnectExtensionMs?: number;
  /** MAX_TIMEOUTS expiries in a row lose the match on casual tables too (ranked tables always do). */
  forfeitOnTimeouts?: boolean;
}

/** A table's settings, fixed at creation (kept in the room state so a resumed table is the same table). */
export interface TableSettings {
  ranked: boolean;
  mode: "quick" | "bots" | "private";
  turnTimeoutS: number;
  turnWarningS: number;
  botLevel: BotLevel;
  reconnectExtensionMs: number;
  forfeitOnTimeouts: boolean;
}

/**
 * The settings of a new table from its creation options, the room type's defaults and the
 * server's config: quick (and ranked) tables use the server's turn clock and bot level, private
 * and vs-bots tables may choose theirs.
 */
export function resolveSettings(options: JoinOptions, defaults: TableRoomOptions, config: Pick<Config, "turnTimeoutS" | "turnWarningS" | "botLevel">): TableSettings {
  const ranked = defaults.ranked ?? false;
  const mode = ranked ? "quick" : (options.mode ?? "quick");
  const own = mode !== "quick";
  const turnTimeoutS = options.turnSeconds && own ? options.turnSeconds : (defaults.turnTimeoutS ?? config.turnTimeoutS);
  const warningS = options.turnWarningSeconds && own ? options.turnWarningSeconds : (defaults.turnWarningS ?? config.turnWarningS);
  return {
    ranked,
    mode,
    turnTimeoutS,
    turnWarningS: Math.min(warningS, Math.floor(turnTimeoutS / 2)),
    botLevel: (own ? options.botLevel : undefined) ?? config.botLevel,
    reconnectExtensionMs: defaults.reconnectExtensionMs ?? RECONNECT_EXTENSION_MS,
    forfeitOnTimeouts: defaults.forfeitOnTimeouts ?? false,
  };
}
