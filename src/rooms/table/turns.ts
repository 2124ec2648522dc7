import type { TeamOutcome } from "../../games/core/GameDefinition.js";
import { syncPrimitives } from "../../schema/sync.js";
import { MESSAGE } from "../protocol.js";
import { TurnClock, type ClockHost } from "./clock.js";
import { BotSeats } from "./botSeats.js";
import { expireTurn, runBots } from "./automaticMoves.js";
import type { MatchFlow, MatchHost } from "./match.js";
import type { Timer } from "./timers.js";

/** Bot moves run back to back when BOT_DELAY_MS = 0 keep this gap between bursts. */
const BOT_BURST_GAP_MS = 250;
/** Bound on bot moves run back to back when BOT_DELAY_MS = 0, before yielding to the event loop. */
const MAX_INLINE_BOT_MOVES = 64;

/**
 * Who acts next and when: after each change of the game, the turn clock starts for the human
 * seats to act and the bots' run is scheduled; the clock's warnings and expiries come back here
 * (the scheduler is the clock's host: no host object with closures per table). What an expired
 * clock and a bot's turn do is automaticMoves.ts.
 */
export class TurnScheduler<State, Action, View, Event, Outcome extends TeamOutcome, Box, Options> implements ClockHost {
  readonly clock: TurnClock;
  private readonly bots: BotSeats<State, Action, View, Event, Outcome, Box, Options>;

  constructor(
    private readonly match: MatchFlow<State, Action, View, Event, Outcome, Box, Options>,
    private readonly host: MatchHost<State, Action, View, Event, Outcome, Box, Options>,
  ) {
    this.clock = new TurnClock(this, host.turnMs.timeoutMs, host.turnMs.warningMs);
    this.bots = new BotSeats(host.definition);
  }

  /**
   * Start the clock for the seats to act, or let bots act. `remainingMs`: a resumed table's
   * clocks, restarted with the time they had left (a full turn for the seats not in it).
   */
  schedule(remainingMs?: ReadonlyMap<number, number>): void {
    const { host, match } = this;
    const game = match.game;
    if (!game || host.state.status !== "playing" || match.stopped) return;
    const clock = this.clock;
    clock.clear();
    const active = host.definition.activeSeats(game);
    syncPrimitives(host.state.activeSeats, active);
    for (const s of active) if (!host.seats.isBot(s)) clock.start(s, remainingMs?.get(s) ?? clock.timeoutMs);
    if (active.some((s) => host.seats.isBot(s))) {
      // Nobody connected and every seat played by a bot: nobody waits for the pace, so the bots
      // finish the match at once and the table (and its memory) goes (issue 8, item 27).
      const unattended = host.clients.length === 0 && host.seats.list.every((s) => s.isBot || s.botControlled);
      const delay = unattended ? 0 : host.services.config.botDelayMs;
      // Bursts of inline bot moves (delay 0) keep the 250 ms gap the old room tick gave them, so
      // the loop is shared and a player coming back finds the match still on.
      clock.scheduleBots(delay === 0 ? BOT_BURST_GAP_MS : delay, () => {
        // Play nobody waits for must not outrun the match log's writer (matchStore.ts
        // pendingEntries): a mass leave would otherwise pile the bots' entries up in the heap.
        if (unattended && host.services.matchStore.backlogged) this.schedule();
        else runBots(match, host, this.bots, delay === 0 ? MAX_INLINE_BOT_MOVES : 1);
      });
    }
  }

  // ─────────── the turn clock's host ───────────

  timer(fn: () => void, ms: number): Timer {
    return this.host.timer(fn, ms);
  }

  now(): number {
    return this.host.now();
  }

  onWarning(seat: number, deadline: number): void {
    this.host.seats.clientOf(seat)?.send(MESSAGE.turnWarning, { seat, deadline, remainingMs: Math.max(0, deadline - this.host.now()) });
  }

  /** A seat's turn clock ran out: the timeout action, or a forfeit or a bot takeover after too many (automaticMoves.ts). */
  onExpired(seat: number): void {
    expireTurn(this.match, this.host, seat);
  }

  onDeadline(deadline: number): void {
    if (this.host.state.deadline !== deadline) this.host.state.deadline = deadline;
  }
}
