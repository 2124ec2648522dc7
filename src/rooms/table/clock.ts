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

/**
 * A seat's clock: its deadline and the one timer armed for it (the warning, then the expiry).
 * Made once per seat and reused for every turn with its two callbacks, and the running ones kept
 * in an array: a table's clock restarts every turn, and a promoted Map re-keyed per turn puts its
 * new hash tables straight into old space (issue 10).
 */
class SeatClock {
  deadline = 0;
  timer: Timer = NO_TIMER;
  running = false;
  readonly onWarning: () => void;
  readonly onExpiry: () => void;

  constructor(
    readonly seat: number,
    owner: TurnClock,
  ) {
    this.onWarning = () => owner.warningDue(this);
    this.onExpiry = () => owner.expiryDue(this);
  }
}

/**
 * The turn clock: one deadline per active human seat (several seats may act at once in some
 * games), a warning before expiry, the bot delay, and pause/resume (remaining time is kept).
 * A seat's clock arms one timer at a time: the warning, which arms the expiry for the same
 * deadline when it fires (the clock is re-armed on every action and most turns end before the
 * warning: one timer per action instead of two, issue 10).
 */
export class TurnClock {
  /** Every seat's clock by seat index, made on the seat's first turn. */
  private readonly bySeat: (SeatClock | undefined)[] = [];
  /** The running clocks, in the order they were started (as a Map keeps its keys). */
  private readonly running: SeatClock[] = [];
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
    const clock = (this.bySeat[seat] ??= new SeatClock(seat, this));
    clock.timer.clear();
    clock.deadline = this.host.now() + ms;
    const warnAt = ms - this.warningMs;
    if (!clock.running) {
      clock.running = true;
      this.running.push(clock);
    }
    clock.timer = this.warningMs > 0 && warnAt > 0 ? this.host.timer(clock.onWarning, warnAt) : this.host.timer(clock.onExpiry, ms);
    this.publishDeadline();
  }

  /** A seat's warning timer fired: arm its expiry for the same deadline, then warn. */
  warningDue(clock: SeatClock): void {
    clock.timer = this.host.timer(clock.onExpiry, clock.deadline - this.host.now());
    this.host.onWarning(clock.seat, clock.deadline);
  }

  /** A seat's clock ran out. */
  expiryDue(clock: SeatClock): void {
    // An expired clock no longer counts for the public deadline.
    this.stopClock(clock);
    this.publishDeadline();
    this.host.onExpired(clock.seat);
  }

  private stopClock(clock: SeatClock): void {
    clock.timer = NO_TIMER;
    clock.running = false;
    const at = this.running.indexOf(clock);
    // Shifted down rather than swapped with the last: `remaining()` lists seats in start order.
    for (let i = at; i >= 0 && i < this.running.length - 1; i++) this.running[i] = this.running[i + 1] as SeatClock;
    if (at >= 0) this.running.pop();
  }

  /** Clear every running clock's timer and forget them. */
  private stopAll(): void {
    for (const clock of this.running) {
      clock.timer.clear();
      clock.timer = NO_TIMER;
      clock.running = false;
    }
    // Popped, not `length = 0`: that drops the backing store and the next turn allocates a new one.
    while (this.running.length > 0) this.running.pop();
  }

  /** Give a seat at least `ms` from now if its clock is running with less. */
  extend(seat: number, ms: number): void {
    const clock = this.runningClock(seat);
    if (clock && clock.deadline - this.host.now() < ms) this.start(seat, ms);
    const remaining = this.paused?.get(seat);
    if (remaining !== undefined && remaining < ms) this.paused?.set(seat, ms);
  }

  deadlineOf(seat: number): number | undefined {
    return this.runningClock(seat)?.deadline;
  }

  private runningClock(seat: number): SeatClock | undefined {
    const clock = this.bySeat[seat];
    return clock?.running ? clock : undefined;
  }

  /**
   * Remaining milliseconds of every seat's clock, running or frozen (a clock that already ran out
   * is not listed): what a paused or persisted table keeps to resume with.
   */
  remaining(): Map<number, number> {
    if (this.paused) return new Map(this.paused);
    const now = this.host.now();
    return new Map(this.running.map((clock) => [clock.seat, Math.max(0, clock.deadline - now)]));
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
    this.stopAll();
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
    this.stopAll();
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
    for (const clock of this.running) if (clock.deadline < earliest) earliest = clock.deadline;
    this.host.onDeadline(earliest === Infinity ? 0 : earliest);
  }
}
