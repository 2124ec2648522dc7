import { PerformanceObserver, constants, monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";

/**
 * Latency samples kept exactly (a few hundred thousand numbers at most in a bounded run),
 * so percentiles are exact rather than bucketed.
 */
export class Latencies {
  private samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  addAll(values: readonly number[]): void {
    for (const v of values) this.samples.push(v);
  }

  get count(): number {
    return this.samples.length;
  }

  values(): readonly number[] {
    return this.samples;
  }

  reset(): void {
    this.samples = [];
  }

  summary(): LatencySummary {
    return summarise(this.samples);
  }
}

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export function summarise(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  // Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    p999: at(0.999),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Event-loop delay and utilisation of *this* process (a busy load generator inflates latencies). */
export class LoopMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private elu = performance.eventLoopUtilization();

  /** GC pauses in the window: a long one explains a loop stall. */
  private gcMaxMs = 0;
  private gcTotalMs = 0;
  /** Full (mark-compact) collections in the window, and when the latest one ended (never reset). */
  private majorGcs = 0;
  private lastMajorGcEnd = Number.NEGATIVE_INFINITY;
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.gcMaxMs = Math.max(this.gcMaxMs, entry.duration);
      this.gcTotalMs += entry.duration;
      // Node 16+ puts the collection kind in `detail` (its @types still list only the deprecated `kind`).
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        this.majorGcs += 1;
        this.lastMajorGcEnd = Math.max(this.lastMajorGcEnd, entry.startTime + entry.duration);
      }
    }
  });

  start(): void {
    this.histogram.enable();
    this.gcObserver.observe({ entryTypes: ["gc"] });
  }

  reset(): void {
    this.histogram.reset();
    this.elu = performance.eventLoopUtilization();
    this.gcMaxMs = 0;
    this.gcTotalMs = 0;
    this.majorGcs = 0;
  }

  read(): { delayP99Ms: number; delayMaxMs: number; utilisation: number; gcMaxMs: number; gcTotalMs: number; majorGcs: number; msSinceMajorGc: number } {
    const elu = performance.eventLoopUtilization(this.elu);
    // No sample since the last reset (a window shorter than the resolution, or the loop held the
    // whole time): unknown, not 0 ms.
    const sampled = this.histogram.count > 0;
    return {
      delayP99Ms: sampled ? this.histogram.percentile(99) / 1e6 : Number.NaN,
      delayMaxMs: sampled ? this.histogram.max / 1e6 : Number.NaN,
      utilisation: elu.utilization,
      gcMaxMs: this.gcMaxMs,
      gcTotalMs: this.gcTotalMs,
      majorGcs: this.majorGcs,
      // Infinity when this process has not run a full collection since the monitor started.
      msSinceMajorGc: performance.now() - this.lastMajorGcEnd,
    };
  }
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return "-";
  return n.toFixed(digits);
}

export function fmtBytes(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${Math.round(n)} B`;
}

/** A two-column summary table for the terminal (and for pasting into docs/CAPACITY.md). */
export function printTable(title: string, rows: [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length), 6);
  const valueWidth = Math.max(...rows.map(([, v]) => v.length), 5);
  console.log(`\n${title}`);
  console.log(`| ${"metric".padEnd(width)} | ${"value".padEnd(valueWidth)} |`);
  console.log(`| ${"-".repeat(width)} | ${"-".repeat(valueWidth)} |`);
  for (const [k, v] of rows) console.log(`| ${k.padEnd(width)} | ${v.padEnd(valueWidth)} |`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Run `task` over `items` with at most `limit` in flight (bounded connection ramp). */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
