import { summarise, type LatencySummary } from "./stats.js";

/**
 * Latency samples and error counts bucketed into fixed windows of run time (10 s by default),
 * for "p99 over time": a tail that comes from one bad window (a GC pause, the generator
 * stalling) reads differently from a tail spread over the whole run.
 */
export interface WindowSummary extends LatencySummary {
  /** Window start, seconds since the run's time origin. */
  startS: number;
  /** Errors counted in this window (rejections, ack time-outs, lost rooms, error messages). */
  errors: number;
}

export class WindowedLatencies {
  private readonly samples = new Map<number, number[]>();
  private readonly errors = new Map<number, number>();

  /** `originMs` is the run's time origin on the performance.now() clock. */
  constructor(
    readonly windowMs = 10_000,
    private readonly originMs = 0,
  ) {
    if (!(windowMs > 0)) throw new Error(`window must be positive, got ${windowMs}`);
  }

  private index(atMs: number): number {
    return Math.max(0, Math.floor((atMs - this.originMs) / this.windowMs));
  }

  add(atMs: number, latencyMs: number): void {
    const i = this.index(atMs);
    let bucket = this.samples.get(i);
    if (!bucket) this.samples.set(i, (bucket = []));
    bucket.push(latencyMs);
  }

  addError(atMs: number): void {
    const i = this.index(atMs);
    this.errors.set(i, (this.errors.get(i) ?? 0) + 1);
  }

  /** Every window from the first to the last that saw a sample or an error (empty ones included, count 0). */
  summaries(): WindowSummary[] {
    const keys = [...this.samples.keys(), ...this.errors.keys()];
    if (keys.length === 0) return [];
    const first = Math.min(...keys);
    const last = Math.max(...keys);
    const out: WindowSummary[] = [];
    for (let i = first; i <= last; i++) {
      out.push({ startS: (i * this.windowMs) / 1000, errors: this.errors.get(i) ?? 0, ...summarise(this.samples.get(i) ?? []) });
    }
    return out;
  }
}
