import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import type { Logger } from "../../platform/logger.js";
import type { TableState } from "../../schema/TableState.js";
import { syncPrimitives } from "../../schema/sync.js";
import type { RoomServices } from "../context.js";
import { ERROR, MESSAGE } from "../protocol.js";
import type { IdleWatch } from "./idle.js";
import type { MatchLog } from "./log.js";
import type { MatchFlow } from "./match.js";
import type { PauseControl, TableCallResult, TableCaller } from "./pauseControl.js";
import type { StatusChange } from "../../services/tableRegistry.js";

/** What deleting and unloading a table need from its room. */
export interface ManagementHost<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  readonly state: TableState;
  readonly roomId: string;
  readonly services: RoomServices;
  readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>;
  readonly matchLog: MatchLog<Event>;
  readonly pauses: PauseControl;
  readonly idle: IdleWatch;
  owners(): readonly string[];
  /** Store the live match (interrupted) before the table goes (the room's shutdown path). */
  persist(): Promise<void>;
  /** Stop the match from acting and store the room state with the frozen clocks and the pause (resume: table/resume.ts). */
  freezeAndSave(): void;
  recordStatus(change: StatusChange): void;
  /** Resolves once the registry writes queued so far are done. */
  registrySettled(): Promise<void>;
  broadcast(type: string, payload: unknown): void;
  releaseHoldings(): void;
  rememberEnded(): void;
  disconnect(code?: number): Promise<unknown>;
  commit(): void;
  log(): Logger;
}

/**
 * Managing a table from outside the match (issue 12 §3–4): deleting it (REST `DELETE
 * /tables/:id`; a live match ends as abandoned) and unloading it when the idle rule says so.
 */
export class TableManagement<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> {
  private unloadingP: Promise<void> | null = null;

  constructor(private readonly host: ManagementHost<State, Action, View, Event, Outcome, Box, Options>) {}

  /** The table is being unloaded by the idle rule. */
  get unloading(): boolean {
    return this.unloadingP !== null;
  }

  /**
   * The owner before the start (the table closes), an admin at any time — a live match then ends
   * as `abandoned` (no results, no league points), audited.
   */
  async deleteTable(by: TableCaller, closeCode: number): Promise<TableCallResult> {
    const host = this.host;
    const status = host.state.status;
    if (!by.admin && !host.owners().includes(by.userId)) {
      return { ok: false, code: ERROR.NOT_OWNER, message: "only the table's owner (before the start) or an admin can delete it" };
    }
    if (status === "finished") return { ok: false, code: ERROR.GAME_ENDED, message: "the game has ended; the table closes by itself" };
    if (status !== "waiting" && !by.admin) {
      return { ok: false, code: ERROR.ALREADY_STARTED, message: "the match has started: only an admin can end it now (it ends as abandoned)" };
    }
    const matchId = host.match.matchId || null;
    host.services.audit.record({ kind: "room.table_deleted", userId: by.userId, roomId: host.roomId, matchId, detail: { status, admin: by.admin } });
    host.log().warn({ by: by.userId, admin: by.admin, status }, "table deleted");
    if (status === "waiting") {
      void host.disconnect(closeCode);
      return { ok: true };
    }
    await this.abandon(by.userId);
    await host.disconnect(closeCode);
    return { ok: true };
  }

  /** End the live match as abandoned: stored with no winner; no league points move. */
  private async abandon(by: string): Promise<void> {
    const host = this.host;
    const match = host.match;
    if (match.finishing) return;
    match.turnClock.clear();
    host.idle.stop();
    const state = host.state;
    state.status = "finished";
    state.endReason = "abandoned";
    state.winnerTeam = -1;
    state.deadline = 0;
    state.pausedBy = -1;
    state.pauseReason = "";
    state.pausedAt = 0;
    syncPrimitives(state.activeSeats, []);
    const endedAt = new Date();
    host.broadcast(MESSAGE.matchEnded, { matchId: match.matchId, outcome: { winnerTeam: null, scores: [], reason: "ABANDONED" } });
    host.commit();
    host.releaseHoldings();
    host.recordStatus({ status: "abandoned", processId: null });
    host.rememberEnded();
    match.finishing = host.matchLog.finish(
      { status: "abandoned", endedAt, durationMs: endedAt.getTime() - match.startedAt, winnerTeam: null, scores: [], outcome: { reason: "abandoned", by } },
      match.safeBoxScore(),
    );
    await match.finishing;
  }

  /**
   * The idle rule's end (docs/PROTOCOL.md §5b): pause (reason idle) unless already paused, store
   * the match, mark the table paused and unloaded in the registry, and close every connection
   * with `closeCode` (4100). A player's `joinById` loads it again (revival).
   */
  unloadIdle(closeCode: number): Promise<void> {
    const host = this.host;
    this.unloadingP ??= (async () => {
      if (host.state.status === "playing") host.pauses.pause("idle", -1, null);
      if (host.state.status !== "paused") return;
      host.commit();
      const paused = host.pauses.paused;
      host.log().info({ reason: paused?.reason, idleS: host.services.config.idlePauseS }, "idle table unloaded");
      host.freezeAndSave();
      await host.persist();
      host.recordStatus({ status: "paused", pausedReason: paused?.reason ?? "idle", pausedBy: paused?.byUserId ?? null, processId: null });
      await host.registrySettled();
      await host.disconnect(closeCode);
    })();
    return this.unloadingP;
  }
}
