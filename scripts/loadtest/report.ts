import type { LatencySummary } from "../../bench/lib/stats.js";
import { fmt, printTable } from "../../bench/lib/stats.js";
import type { WindowSummary } from "../../bench/lib/windows.js";
import type { Timeline } from "./monitor.js";
import type { ReconnectResult } from "./reconnect.js";
import type { Measured, Verdict } from "./slo.js";

/**
 * The JSON report of one run (`--json out.json`; the HTML report embeds the same object), its
 * terminal summary, and the values the SLO verdicts are checked against.
 */

export type Scenario = "steady" | "join-storm" | "reconnect-storm" | "soak";

export interface Phase {
  name: string;
  startS: number;
  endS: number;
}

export interface LoadReport {
  tool: "diwan-loadtest";
  version: 1;
  startedAt: string;
  finishedAt: string;
  scenario: Scenario;
  command: string;
  options: Record<string, string | number | boolean>;
  machine: { cpus: number; loadavgStart: number; loadavgEnd: number; node: string };
  /** The server under test: started by the tool (child) or found at a URL (external). */
  target: { kind: "child" | "external"; url: string; database: string; pid: number | null; nodeArgs?: string[] };
  phases: Phase[];
  players: { target: number; tables: number; perTable: number; mode: string; connectedEnd: number };
  join: {
    started: number;
    failures: number;
    errors: Record<string, number>;
    retries: Record<string, number>;
    /** The ramp (or storm) joins: time from the first join to the last answer. */
    rampS: number;
    seatedAfterRamp: number;
    /** Distinct tables the ramp (storm) players were seated in. */
    tables: number;
    latency: LatencySummary;
    requeues: number;
  };
  actions: {
    measuredS: number;
    sent: number;
    acked: number;
    ok: number;
    rejected: Record<string, number>;
    ackTimeouts: number;
    serverErrors: number;
    drops: number;
    lostRooms: number;
    perSecond: number;
    latency: LatencySummary;
    bytesPerAction: number;
    framesPerAction: number;
    matchesFinished: number;
  };
  /** rejected + ack time-outs + error messages + unexpected drops + rooms lost, in the measured window. */
  errors: number;
  /** Every 10 s window of the run (ramp included): action→ack percentiles and errors. */
  windows: WindowSummary[];
  server: ServerFigures;
  generator: GeneratorFigures;
  reconnect: ReconnectResult | null;
  heap: HeapFigures | null;
  timeline: Timeline;
  verdicts: Verdict[];
  pass: boolean;
}

export interface ServerFigures {
  cpuAvgPct: number;
  cpuPeakPct: number;
  idleCpuPct: number;
  cpuPerActionUs: number;
  cpuPerActionAboveIdleUs: number;
  rssStartBytes: number;
  rssEndBytes: number;
  rssPeakBytes: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /**
   * Full collections of the server's main heap in the measured window (NaN: not known — a server
   * given with --url, or a soak, whose window starts with two forced ones). At thousands of players
   * each is a stall of its own (docs/CAPACITY.md, the 5,000-player stall).
   */
  fullGcs: number;
}

export interface GeneratorFigures {
  /** Worker threads the players were spread over. */
  threads: number;
  /** Each player thread's young generation (MiB; 0: V8's default, --thread-young-mb). */
  threadYoungMb: number;
  /** The whole generator process (all threads), % of one core. */
  cpuAvgPct: number;
  cpuPeakPct: number;
  /** Share of the window the busiest player thread's event loop was busy (%). */
  busiestThreadPct: number;
  /** Worst thread's loop delay over the window. */
  loopP99Ms: number;
  loopMaxMs: number;
  gcMaxMs: number;
  bottleneck: boolean;
  warnings: string[];
}

export interface HeapFigures {
  /** Heap at the start and end of the measured window (after a full GC when the tool started the server). */
  startBytes: number;
  endBytes: number;
  afterGc: boolean;
  /** Least-squares slope over the measured window's samples. */
  slopeMiBPerMin: number;
  rssSlopeMiBPerMin: number;
  samples: number;
}

/** Report → the values objectives are checked against (undefined: not measured by this run). */
export function measuredValues(r: Pick<LoadReport, "actions" | "errors" | "join" | "reconnect" | "server" | "heap">): Measured {
  const lat = r.actions.latency;
  const has = lat.count > 0;
  const finite = (n: number) => (Number.isFinite(n) ? n : undefined);
  return {
    p50: has ? lat.p50 : undefined,
    p90: has ? lat.p90 : undefined,
    p99: has ? lat.p99 : undefined,
    p999: has ? lat.p999 : undefined,
    max: has ? lat.max : undefined,
    errors: r.errors,
    joinFailures: r.join.failures,
    joinP99: r.join.latency.count > 0 ? r.join.latency.p99 : undefined,
    reconnectFailures: r.reconnect ? r.reconnect.failures : undefined,
    reconnectP99: r.reconnect && r.reconnect.attempt.count > 0 ? r.reconnect.attempt.p99 : undefined,
    serverCpu: finite(r.server.cpuAvgPct),
    heapSlope: r.heap ? finite(r.heap.slopeMiBPerMin) : undefined,
  };
}

function bytes(n: number): string {
  if (!Number.isFinite(n)) return "-";
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function pct(l: LatencySummary, digits = 1): string {
  if (l.count === 0) return "no samples";
  return `${fmt(l.p50, digits)} / ${fmt(l.p90, digits)} / ${fmt(l.p99, digits)} / ${fmt(l.p999, digits)} / ${fmt(l.max, digits)} ms`;
}

function codes(m: Record<string, number>): string {
  const e = Object.entries(m);
  return e.length ? e.map(([k, v]) => `${v}× ${k}`).join("; ") : "none";
}

/** The terminal summary (a Markdown table, pasteable into docs/CAPACITY.md) and the per-window table. */
export function printReport(r: LoadReport): void {
  const a = r.actions;
  const rows: [string, string][] = [
    [
      "scenario",
      `${r.scenario}; server ${r.target.kind === "child" ? `started by the tool (pid ${r.target.pid}, node ${r.target.nodeArgs?.join(" ") || "without flags"}), ${r.target.database}` : `${r.target.url} (${r.target.database})`}`,
    ],
    ["players / tables", `${r.players.connectedEnd} connected at the end of ${r.players.target} / ${r.players.tables} ${r.players.mode} tables (${r.players.perTable} each)`],
    ["joins", `${r.join.started} started, ${r.join.failures} failed; ${r.join.seatedAfterRamp} seated in ${r.join.tables} tables after ${fmt(r.join.rampS)} s; ${r.join.requeues} re-queued after a match`],
    ["join p50 / p90 / p99 / p99.9 / max", pct(r.join.latency, 0)],
    ["measured window", `${fmt(a.measuredS)} s`],
    ["actions sent / acked / per second", `${a.sent} / ${a.acked} / ${fmt(a.perSecond)}`],
    ["action→ack p50 / p90 / p99 / p99.9 / max", pct(a.latency, 2)],
    ["errors (rejected, ack time-outs, error msgs, drops, rooms lost)", `${r.errors} (${Object.values(a.rejected).reduce((x, y) => x + y, 0)}, ${a.ackTimeouts}, ${a.serverErrors}, ${a.drops}, ${a.lostRooms})`],
    ["server CPU avg / peak (% of one core)", `${fmt(r.server.cpuAvgPct)} / ${fmt(r.server.cpuPeakPct)}`],
    ["server CPU idle (seated, nobody acting)", Number.isFinite(r.server.idleCpuPct) ? `${fmt(r.server.idleCpuPct)} %` : "not measured (--idle 0)"],
    ["server CPU per action all-in / above idle", `${fmt(r.server.cpuPerActionUs, 0)} / ${fmt(r.server.cpuPerActionAboveIdleUs, 0)} µs`],
    ["server RSS start / end / peak", `${bytes(r.server.rssStartBytes)} / ${bytes(r.server.rssEndBytes)} / ${bytes(r.server.rssPeakBytes)}`],
    ["server event-loop lag p99 / max", `${fmt(r.server.loopP99Ms)} / ${fmt(r.server.loopMaxMs)} ms`],
    ["server full collections in the window", Number.isFinite(r.server.fullGcs) ? String(r.server.fullGcs) : "-"],
    ["load generator CPU avg / peak (all threads)", `${fmt(r.generator.cpuAvgPct)} / ${fmt(r.generator.cpuPeakPct)} % of one core; players in ${r.generator.threads} threads${r.generator.threadYoungMb ? ` (young generation ${r.generator.threadYoungMb} MiB each)` : ""}, busiest ${fmt(r.generator.busiestThreadPct)} % busy`],
    ["load generator loop delay p99 / max, GC max (worst thread)", `${fmt(r.generator.loopP99Ms)} / ${fmt(r.generator.loopMaxMs)} ms, ${fmt(r.generator.gcMaxMs)} ms`],
    ["bytes / frames received per action", `${fmt(a.bytesPerAction, 0)} B / ${fmt(a.framesPerAction)}`],
    ["machine load average start / end (1 min)", `${fmt(r.machine.loadavgStart, 2)} / ${fmt(r.machine.loadavgEnd, 2)} on ${r.machine.cpus} cores`],
  ];
  if (Object.keys(a.rejected).length) rows.push(["rejections by code", codes(a.rejected)]);
  if (Object.keys(r.join.retries).length) rows.push(["join retries", codes(r.join.retries)]);
  if (Object.keys(r.join.errors).length) rows.push(["join errors", codes(r.join.errors)]);
  const rc = r.reconnect;
  if (rc) {
    rows.push(
      ["reconnect storm: dropped / back in own seat", `${rc.dropped} / ${rc.back} (${rc.viaToken} by token, ${rc.viaJoinById} by joinById); ${rc.failures} failed; ${rc.tableEnded} tables ended meanwhile`],
      ["drop → back in seat p50 / p90 / p99 / p99.9 / max", pct(rc.downtime, 0)],
      ["reconnect attempt p50 / p90 / p99 / p99.9 / max", pct(rc.attempt, 1)],
    );
    if (Object.keys(rc.tokenRefusals).length) rows.push(["token reconnects refused", codes(rc.tokenRefusals)]);
    if (Object.keys(rc.failureReasons).length) rows.push(["not back, by reason", codes(rc.failureReasons)]);
  }
  const h = r.heap;
  if (h) {
    rows.push(
      [`server heap start → end${h.afterGc ? " (after full GC)" : ""}`, `${bytes(h.startBytes)} → ${bytes(h.endBytes)} (${bytes(h.endBytes - h.startBytes)})`],
      ["server heap / RSS slope (least squares)", `${fmt(h.slopeMiBPerMin, 2)} / ${fmt(h.rssSlopeMiBPerMin, 2)} MiB per minute over ${h.samples} samples`],
    );
  }
  printTable(`loadtest ${r.scenario} (loopback; the load generator and the server share the machine)`, rows);

  console.log("\nper 10 s window (run time; action→ack in ms):");
  console.log("| t (s) | acks | p50 | p90 | p99 | p99.9 | max | errors |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const w of r.windows) {
    const v = (n: number) => (w.count > 0 ? fmt(n, 1) : "-");
    console.log(`| ${w.startS} | ${w.count} | ${v(w.p50)} | ${v(w.p90)} | ${v(w.p99)} | ${v(w.p999)} | ${v(w.max)} | ${w.errors} |`);
  }
  for (const w of r.generator.warnings) console.log(`\nWARNING: ${w}`);
  if (r.verdicts.length) {
    console.log(`\nverdict: ${r.pass ? "PASS" : "FAIL"}`);
    for (const v of r.verdicts) console.log(`  ${v.line}`);
  }
}
