/**
 * Timers for every table in the process on ONE Node timer (issue 10: tables where nothing
 * happens must cost nothing). A binary min-heap of deadlines; a single `setTimeout` is armed
 * for the earliest one. A per-room `RoomTimers` keeps the room's own handles (cleared when the
 * room goes away) and a time offset that tests move forward to run out long turn clocks.
 */

/** A scheduled callback; `clear()` cancels it (idempotent). */
export interface Timer {
  clear(): void;
  readonly active: boolean;
}

/** Told when a wheel entry is over (cleared or run): RoomTimers' handles, or a plain callback. */
interface EntryOwner {
  entryDone(entry: Timer): void;
}

class CallbackOwner implements EntryOwner {
  constructor(private readonly onDone: (t: Timer) => void) {}
  entryDone(entry: Timer): void {
    this.onDone(entry);
  }
}

/**
 * A scheduled callback in the wheel. It holds its wheel and owner rather than closures over
 * them: turn clocks are re-armed on every action, so each entry is one allocation (issue 10).
 */
class Entry implements Timer {
  active = true;
  constructor(
    public due: number,
    readonly seq: number,
    readonly fn: () => void,
    private readonly wheel: TimerWheel,
    readonly owner: EntryOwner | null,
  ) {}

  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.wheel.entryCleared();
    this.owner?.entryDone(this);
  }
}

const before = (a: Entry, b: Entry) => a.due < b.due || (a.due === b.due && a.seq < b.seq);

export class TimerWheel {
  private heap: Entry[] = [];
  private seq = 0;
  private armed: NodeJS.Timeout | null = null;
  private armedFor = Infinity;
  /** Cleared entries still in the heap (dropped lazily; compacted when they dominate). */
  private dead = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Run `fn` once `ms` milliseconds from now. `onClear` is told when the timer is cleared or has run. */
  schedule(fn: () => void, ms: number, onClear?: (t: Timer) => void): Timer {
    return this.scheduleFor(fn, ms, onClear ? new CallbackOwner(onClear) : null);
  }

  /** As `schedule`, with the owner told (`entryDone`) when the timer is cleared or has run. */
  scheduleFor(fn: () => void, ms: number, owner: EntryOwner | null): Entry {
    const entry = new Entry(this.now() + Math.max(0, ms), this.seq++, fn, this, owner);
    this.push(entry);
    this.arm();
    return entry;
  }

  /** An entry was cleared: it stays in the heap until it surfaces or a compaction drops it. */
  entryCleared(): void {
    this.dead += 1;
    if (this.dead > 64 && this.dead * 2 > this.heap.length) this.compact();
  }

  /** Timers scheduled and not yet run or cleared (for tests and figures). */
  get size(): number {
    return this.heap.length - this.dead;
  }

  private fire(): void {
    this.armed = null;
    this.armedFor = Infinity;
    const now = this.now();
    try {
      // Callbacks may schedule or clear timers; each runs once, in deadline order.
      for (let top = this.heap[0]; top && top.due <= now; top = this.heap[0]) {
        this.pop();
        if (!top.active) {
          this.dead -= 1;
          continue;
        }
        top.active = false;
        top.owner?.entryDone(top);
        top.fn();
      }
    } finally {
      // A throwing callback (an uncaught exception, as from a plain setTimeout) stops no other timer.
      this.arm();
    }
  }

  private arm(): void {
    while (this.heap[0] && !this.heap[0].active) {
      this.pop();
      this.dead -= 1;
    }
    const first = this.heap[0];
    if (!first) {
      if (this.armed) clearTimeout(this.armed);
      this.armed = null;
      this.armedFor = Infinity;
      return;
    }
    if (this.armed && this.armedFor <= first.due) return;
    if (this.armed) clearTimeout(this.armed);
    this.armedFor = first.due;
    this.armed = setTimeout(() => this.fire(), Math.max(0, first.due - this.now()));
    // The server's sockets keep the process alive; pending table timers alone must not.
    this.armed.unref();
  }

  private compact(): void {
    this.heap = this.heap.filter((e) => e.active);
    this.dead = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i] as Entry, h[p] as Entry)) break;
      [h[i], h[p]] = [h[p] as Entry, h[i] as Entry];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (last && h.length > 0) {
      h[0] = last;
      this.down(0);
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l] as Entry, h[m] as Entry)) m = l;
      if (r < h.length && before(h[r] as Entry, h[m] as Entry)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
      i = m;
    }
  }
}

/** The process-wide wheel every table schedules on. */
export const tableTimers = new TimerWheel();

/**
 * One room's timers on the shared wheel: cleared together when the room goes away, and a time
 * offset (`advance`) so tests can run out long clocks without waiting.
 */
export class RoomTimers {
  /**
   * The room's pending timers (each handle keeps its callback, due time and its slot here). An
   * array with swap-remove, not a Set: a timer is added and removed on every action, and a
   * promoted Set churned like that allocates its hash tables straight in old space (issue 10).
   */
  private readonly live: Handle[] = [];
  private offset = 0;

  constructor(private readonly wheel: TimerWheel = tableTimers) {}

  /** The room's time: wall-clock time plus what tests have advanced. */
  now(): number {
    return Date.now() + this.offset;
  }

  after(fn: () => void, ms: number): Timer {
    const handle = new Handle(this, fn, this.now() + ms);
    this.bind(handle);
    return handle;
  }

  /** Move the room's time forward: every timer due by then runs on the next turn of the loop. */
  advance(ms: number): void {
    this.offset += ms;
    // In the order they were scheduled (the wheel's sequence), so equal due times keep their order.
    const pending = [...this.live].sort((a, b) => (a.inner?.seq ?? 0) - (b.inner?.seq ?? 0));
    for (const handle of pending) handle.clear();
    // Re-scheduled with their due time in the room's new time; the returned handles stay valid.
    for (const handle of pending) this.bind(handle);
  }

  /** Cancel every pending timer of the room. */
  clearAll(): void {
    for (const handle of [...this.live]) handle.clear();
  }

  get pending(): number {
    return this.live.length;
  }

  private bind(handle: Handle): void {
    handle.inner = this.wheel.scheduleFor(handle.fn, handle.due - this.now(), handle);
    handle.slot = this.live.length;
    this.live.push(handle);
  }

  /** A handle's wheel entry is over (cleared or run): the last handle takes its slot. */
  released(handle: Handle): void {
    if (handle.slot < 0) return;
    const live = this.live;
    const last = live.pop() as Handle;
    if (last !== handle) {
      live[handle.slot] = last;
      last.slot = handle.slot;
    }
    handle.slot = -1;
  }
}

/** A stable handle over the wheel entry it currently stands for (re-bound by `advance`). */
class Handle implements Timer, EntryOwner {
  inner: Entry | null = null;
  /** Index in its RoomTimers' `live` array while pending; -1 otherwise. */
  slot = -1;
  constructor(
    private readonly timers: RoomTimers,
    readonly fn: () => void,
    /** Due time in the room's time. */
    readonly due: number,
  ) {}
  get active(): boolean {
    return this.inner?.active ?? false;
  }
  clear(): void {
    this.inner?.clear();
  }
  entryDone(entry: Timer): void {
    if (this.inner !== entry) return;
    this.inner = null;
    this.timers.released(this);
  }
}

/** What `stopRoomTicking` needs from a Colyseus room. */
interface TickingRoom {
  patchRate: number | null;
  setSimulationInterval(onTick?: (deltaTime: number) => void, delay?: number): void;
}

/**
 * A turn-based table patches right after each change (`commit`) and keeps its timers on the
 * wheel, so it needs no per-room interval. Colyseus 0.18 replaces a null patch rate with a 16 ms
 * clock-tick interval unless a simulation interval exists; a set-then-cleared one leaves none.
 * Colyseus's own message-rate count reads the room clock, so the table room class brings the
 * clock up to date on every inbound frame instead (transport.ts, installed once per class).
 */
export function stopRoomTicking(room: TickingRoom): void {
  room.setSimulationInterval(() => {}, 60_000);
  room.patchRate = null;
  room.setSimulationInterval();
}
