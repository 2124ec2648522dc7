import type { Config } from "../platform/config.js";
import type { Logger } from "../platform/logger.js";
import type { Metrics } from "../platform/metrics.js";
import type { AuditLog } from "../services/audit.js";
import type { MatchStore } from "../services/matchStore.js";
import type { TableRegistry } from "../services/tableRegistry.js";
import type { TokenService } from "../services/tokens.js";

/** A limiter the rooms consult before creating a table for a user (per-user table creation). */
export interface CreationLimiter {
  take(key: string): Promise<{ ok: boolean; retryAfterS: number }> | { ok: boolean; retryAfterS: number };
}

/**
 * What rooms need from the rest of the process. Colyseus constructs rooms itself, so the
 * platform installs these once at start-up (`setRoomServices`) and rooms read them in onCreate.
 */
export interface RoomServices {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  tokens: TokenService;
  matchStore: MatchStore;
  audit: AuditLog;
  /** The table registry (issue 12): rooms write their rows in the background, never on an action's path. */
  tables: TableRegistry;
  /** Runs once a finished match is stored: results, league points (retried on failure). */
  onMatchFinished?: (matchId: string) => Promise<void>;
  tableCreationLimiter?: CreationLimiter;
  /** Players' stored decks (games with decks: a player picks one with the `deckId` join option). */
  decks?: DeckLookup;
}

/** A user's own stored deck by id (undefined when he has none by that id). */
export interface DeckLookup {
  get(userId: string, deckId: string): Promise<{ id: string; game: string; cards: string[] } | undefined>;
}

let services: RoomServices | undefined;

export function setRoomServices(value: RoomServices | undefined): void {
  services = value;
}

export function roomServices(): RoomServices {
  if (!services) throw new Error("room services are not installed (setRoomServices must run before rooms are created)");
  return services;
}
