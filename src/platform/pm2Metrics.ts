/**
 * Colyseus imports `@pm2/io` on start to publish its ccu and room count to PM2. Loading it starts
 * PM2's own metrics: seven 1 s timers (event-loop latency, `process._getActiveHandles()` over
 * every socket, V8 heap, a stack-parser cache) and an IPC transport that sends them to whatever
 * forked the process. Useful under PM2 only; anywhere else it is idle CPU for nothing (issue 10).
 * Outside PM2, a no-op instance stands in (the module returns a preset `Symbol.for("@pm2/io")`
 * global instead of creating its own); under PM2 (`pm_id` set) everything stays as it was.
 */
const IO_KEY = Symbol.for("@pm2/io");

/** The part of the `@pm2/io` API Colyseus calls (Stats.reset: `io.metric({ … })`). */
const noMetrics = {
  metric: () => ({ set: () => {}, val: () => undefined }),
  destroy: () => {},
};

export function skipPm2MetricsOutsidePm2(underPm2: boolean): void {
  if (underPm2) return;
  const g = globalThis as Record<symbol, unknown>;
  g[IO_KEY] ??= noMetrics;
}
