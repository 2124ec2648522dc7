import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import { releaseJoinCode, reserveJoinCode } from "../../services/tableDirectory.js";
import type { RoomServices } from "../context.js";
import { joinError } from "./admission.js";
import { countLocalTable } from "./capacity.js";
import type { MatchLog } from "./log.js";
import type { MatchFlow } from "./match.js";

/** What the table's life outside the match needs from its room. */
export interface LifecycleHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly roomId: string;
  readonly roomName: string;
  readonly services: RoomServices;
  /** Undefined for a creation refused before its state (BAD_OPTIONS, ROOM_LIMIT). */
  readonly state: TableState | undefined;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options> | undefined;
  readonly matchLog: MatchLog<Event>;
  /** The game's name, for the table-lifecycle metrics. */
  readonly definition: { readonly name: string };
  log(): Logger;
}

/**
 * The table's life around the match: its place in the process's count (MAX_ROOMS), the private
 * table's join code, and storing the live match when the table goes before the match ends
 * (shutdown, admin close).
 */
export class TableLifecycle<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  private counted = false;
  private joinCode = "";
  private persisting: Promise<void> | null = null;

  /** The host is the room: its fields are read as they are now (the state and the match come later than the lifecycle). */
  constructor(private readonly host: LifecycleHost<State, Action, View, Event, Outcome, Box, Options>) {}

  /** The table is open: counted for MAX_ROOMS and in the rooms gauge. */
  opened(): void {
    countLocalTable(1);
    this.counted = true;
    this.host.services.metrics.roomsActive.inc({ room: this.host.roomName });
    this.host.services.metrics.tableEvents.inc({ game: this.host.definition.name, event: "created" });
  }

  /** Join codes live in the database (they survive a Redis restart): see services/tableDirectory. */
  async reserveJoinCode(): Promise<string> {
    try {
      this.joinCode = await reserveJoinCode(this.host.roomId);
      return this.joinCode;
    } catch (err) {
      this.host.log().warn({ err }, "could not allocate a join code");
      throw joinError("ROOM_LIMIT", "could not allocate a join code");
    }
  }

  /**
   * Store the live match (marked interrupted) before the table goes; once. An ended match is
   * awaited (its log is being stored).
   */
  persist(): Promise<void> {
    this.persisting ??= (async () => {
      const { match, matchLog, state } = this.host;
      match?.turnClock.clear();
      const recorder = matchLog.attachedRecorder;
      if (match?.finishing) {
        await match.finishing;
      } else if (match && recorder && (state?.status === "playing" || state?.status === "paused")) {
        this.host.services.metrics.tableEvents.inc({ game: this.host.definition.name, event: "interrupted" });
        const ok = await recorder.interrupt(match.safeBoxScore(), this.host.services.config.shutdownTimeoutS * 1000);
        this.host.log().info({ matchId: match.matchId, stored: ok, seq: matchLog.seq }, "live match stored as interrupted");
      }
    })();
    return this.persisting;
  }

  /** The table is disposed: uncount it and give its join code back. */
  async closed(): Promise<void> {
    if (this.counted) {
      countLocalTable(-1);
      this.counted = false;
      this.host.services.metrics.roomsActive.dec({ room: this.host.roomName });
      if (!this.host.match?.matchId) this.host.services.metrics.tableEvents.inc({ game: this.host.definition.name, event: "abandoned" });
    }
    const joinCode = this.joinCode;
    if (joinCode) {
      await Promise.resolve()
        .then(() => releaseJoinCode(joinCode))
        .catch(() => {});
    }
  }
}
