import type { Timer } from "./timers.js";

/** Stands for a clock's timer while it is being armed. */
const NO_TIMER: Timer = { clear() {}, active: false };

/** What the clock needs from its room: timers on the process-wide wheel (timers.ts) and what to do when they fire. */
export interface ClockHost {
  timer(fn: () => void, ms: number): Timer;
  now(): number;
  /** The seat's clock is about to run out. */
  onWarning(seat: number, deadline: number): void;
  /** The seat's clock ran out. */
  onExpired(seat: number): void;
  /** The earliest running deadline changed (0 = no clock running). */
  onDeadline(deadline: number): void;
}

/** A seat's running clock: its deadline and the one timer armed for it (the warning, then the expiry). */
interface RunningClock {
  deadline: number;
  timer: Timer;
}

/**
 * The turn clock: one deadline per active human seat (several seats may act at once in some
 * games), a warning before expiry, the bot delay, and pause/resume (remaining time is kept).
 * A seat's clock arms one timer at a time: the warning, which arms the expiry for the same
 * deadline when it fires (the clock is re-armed on every action and most turns end before the
 * warning: one timer per action instead of two, issue 10).
 */
export class TurnClock {
  private readonly clocks = new Map<number, RunningClock>();
  private botTimer: Timer | null = null;
  /** The scheduled bot run (kept while paused, re-scheduled with its full delay on resume). */
  private botRun: { delayMs: number; fn: () => void } | null = null;
  /** Remaining milliseconds per seat while paused; null when running. */
  private paused: Map<number, number> | null = null;

  constructor(
    private readonly host: ClockHost,
    /** Turn length and warning lead, in milliseconds. */
    public timeoutMs: number,
    public warningMs: number,
  ) {}

  /** Start (or restart) a seat's clock; `ms` defaults to a full turn. */
  start(seat: number, ms = this.timeoutMs): void {
    if (this.paused) {
      this.paused.set(seat, ms);
      return;
    }
    this.clocks.get(seat)?.timer.clear();
    const deadline = this.host.now() + ms;
    const warnAt = ms - this.warningMs;
    const clock: RunningClock = { deadline, timer: NO_TIMER };
    clock.timer = this.warningMs > 0 && warnAt > 0 ? this.host.timer(() => this.warn(seat, clock), warnAt) : this.armExpiry(seat, ms);
    this.clocks.set(seat, clock);
    this.publishDeadline();
  }

  private warn(seat: number, clock: RunningClock): void {
    clock.timer = this.armExpiry(seat, clock.deadline - this.host.now());
    this.host.onWarning(seat, clock.deadline);
  }

  private armExpiry(seat: number, ms: number): Timer {
    return this.host.timer(() => {
      // An expired clock no longer counts for the public deadline.
      this.clocks.delete(seat);
      this.publishDeadline();
      this.host.onExpired(seat);
    }, ms);
  }

  /** Give a seat at least `ms` from now if its clock is running with less. */
  extend(seat: number, ms: number): void {
    const clock = this.clocks.get(seat);
    if (clock && clock.deadline - this.host.now() < ms) this.start(seat, ms);
    const remaining = this.paused?.get(seat);
    if (remaining !== undefined && remaining < ms) this.paused?.set(seat, ms);
  }

  deadlineOf(seat: number): number | undefined {
    return this.clocks.get(seat)?.deadline;
  }

  /**
   * Remaining milliseconds of every seat's clock, running or frozen (a clock that already ran out
   * is not listed): what a paused or persisted table keeps to resume with.
   */
  remaining(): Map<number, number> {
    if (this.paused) return new Map(this.paused);
    const now = this.host.now();
    return new Map([...this.clocks].map(([seat, clock]) => [seat, Math.max(0, clock.deadline - now)]));
  }

  /** Run `fn` after `delayMs` unless a bot run is already scheduled (while paused: once resumed). */
  scheduleBots(delayMs: number, fn: () => void): void {
    if (this.botRun) return;
    this.botRun = { delayMs, fn };
    if (!this.paused) this.armBots();
  }

  private armBots(): void {
    const run = this.botRun;
    if (!run || this.botTimer) return;
    this.botTimer = this.host.timer(() => {
      this.botTimer = null;
      this.botRun = null;
      run.fn();
    }, run.delayMs);
  }

  /** Stop every turn clock and the pending bot run. */
  clear(): void {
    for (const clock of this.clocks.values()) clock.timer.clear();
    this.clocks.clear();
    this.botTimer?.clear();
    this.botTimer = null;
    this.botRun = null;
    this.paused = null;
    this.host.onDeadline(0);
  }

  /**
   * Freeze every running clock, keeping each seat's remaining time for `resume`, and hold the
   * pending bot run. Clocks started while paused (`start`) wait frozen with their time too.
   */
  pause(): void {
    if (this.paused) return;
    const remaining = this.remaining();
    for (const clock of this.clocks.values()) clock.timer.clear();
    this.clocks.clear();
    this.botTimer?.clear();
    this.botTimer = null;
    this.paused = remaining;
    this.host.onDeadline(0);
  }

  get isPaused(): boolean {
    return this.paused !== null;
  }

  /** Restart the frozen clocks with the time they had left. */
  resume(): void {
    const remaining = this.paused;
    if (!remaining) return;
    this.paused = null;
    for (const [seat, ms] of remaining) this.start(seat, ms);
    this.armBots();
  }

  private publishDeadline(): void {
    let earliest = Infinity;
    for (const clock of this.clocks.values()) if (clock.deadline < earliest) earliest = clock.deadline;
    this.host.onDeadline(earliest === Infinity ? 0 : earliest);
  }
}
