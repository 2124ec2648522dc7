import type { Timer } from "./timers.js";

/**
 * The idle rule (issue 12 §3, docs/PROTOCOL.md "Idle tables"): a started table is idle when,
 * for IDLE_PAUSE_S,
 * - no seated human has sent anything (an action, a pause, any message) or joined/reconnected, and
 * - no connected human is on the clock (a player whose turn is running is expected to act; his
 *   turn clock deals with him: timeouts, then a bot).
 * Bots alone never keep a table alive, and a paused table has no running clock, so a paused
 * table with silent players connected goes idle too. Connected clients are warned
 * IDLE_WARNING_LEAD_MS before (`idleWarning { deadline }`); any human activity withdraws the
 * warning (`idleWarning { deadline: 0 }`) and starts the period again. At the deadline the room
 * pauses the table (reason "idle"), stores it and unloads it.
 *
 * One timer per watched table on the process-wide wheel; human activity only writes a
 * timestamp (the timer, when it fires, finds the later activity and waits for the rest).
 */

/** How long before the idle deadline connected clients are warned (at most half the idle time). */
export const IDLE_WARNING_LEAD_MS = 60_000;

export interface IdleHost {
  timer(fn: () => void, ms: number): Timer;
  now(): number;
  /** A connected human is on the clock: the table is not idle. */
  busy(): boolean;
  /** Tell the connected clients: the table goes idle at `deadline` (epoch ms); 0 withdraws the warning. */
  onWarning(deadline: number): void;
  /** The table has gone idle: pause, store and unload it. */
  onIdle(): void;
}

export class IdleWatch {
  private lastActivity = 0;
  private timer: Timer | null = null;
  /** The deadline announced to the clients (0 = no warning out). */
  private warnedFor = 0;
  private watching = false;

  constructor(
    private readonly host: IdleHost,
    /** IDLE_PAUSE_S in milliseconds; 0 turns the rule off. */
    private readonly idleMs: number,
  ) {}

  get leadMs(): number {
    return Math.min(IDLE_WARNING_LEAD_MS, Math.floor(this.idleMs / 2));
  }

  /** The deadline announced to the clients, 0 when no warning is out. */
  get warning(): number {
    return this.warnedFor;
  }

  get active(): boolean {
    return this.watching;
  }

  /** Start watching (the match started, or the table was revived): the period starts now. */
  start(): void {
    if (this.idleMs <= 0) return;
    this.watching = true;
    this.lastActivity = this.host.now();
    this.arm(this.idleMs - this.leadMs);
  }

  /** A human acted, joined or reconnected: the period starts again (a warning out is withdrawn). */
  activity(): void {
    if (!this.watching) return;
    this.lastActivity = this.host.now();
    if (this.warnedFor) this.withdraw();
  }

  /** Stop watching (the match ended, the table unloads). */
  stop(): void {
    this.watching = false;
    this.timer?.clear();
    this.timer = null;
    this.warnedFor = 0;
  }

  private arm(ms: number): void {
    this.timer?.clear();
    this.timer = this.host.timer(() => {
      this.timer = null;
      this.check();
    }, Math.max(0, ms));
  }

  private withdraw(): void {
    this.warnedFor = 0;
    this.host.onWarning(0);
    this.arm(this.lastActivity + this.idleMs - this.leadMs - this.host.now());
  }

  private check(): void {
    if (!this.watching) return;
    const now = this.host.now();
    if (this.host.busy()) {
      // Someone is on the clock: he is the one expected to act, not an idle table.
      this.lastActivity = now;
      if (this.warnedFor) this.withdraw();
      else this.arm(this.idleMs - this.leadMs);
      return;
    }
    const deadline = this.lastActivity + this.idleMs;
    if (!this.warnedFor) {
      const warnAt = deadline - this.leadMs;
      if (now < warnAt) return this.arm(warnAt - now);
      this.warnedFor = deadline;
      this.host.onWarning(deadline);
      return this.arm(deadline - now);
    }
    if (now < deadline) return this.arm(deadline - now);
    this.stop();
    this.host.onIdle();
  }
}
