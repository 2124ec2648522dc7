import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fmt } from "../../bench/lib/stats.js";
import type { LoadReport } from "./report.js";

/**
 * The self-contained HTML report: the run's summary, verdicts, per-window table and charts
 * (action→ack percentiles over time, connected players, server and generator CPU, server
 * memory, event-loop delay) drawn by uPlot, whose script and stylesheet are inlined together
 * with the report's JSON, so the file opens offline and loads nothing from anywhere.
 */

interface UplotAssets {
  js: string;
  css: string;
  version: string;
  license: string;
}

let assets: UplotAssets | undefined;

function uplot(): UplotAssets {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve("uplot/package.json"));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const js = readFileSync(join(root, "dist/uPlot.iife.min.js"), "utf8")
    // The banner names the project's home page; keep the attribution without a link.
    .replace(/^\/\*! https:\/\//, "/*! ");
  assets = {
    js,
    css: readFileSync(join(root, "dist/uPlot.min.css"), "utf8"),
    version: pkg.version,
    license: readFileSync(join(root, "LICENSE"), "utf8"),
  };
  if (/<\/script/i.test(assets.js)) throw new Error("uPlot's script contains </script>: it cannot be inlined as is");
  return assets;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside <script type="application/json">: no "</script", no HTML comment openers. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function latency(l: LoadReport["actions"]["latency"], digits = 1): string {
  if (l.count === 0) return "no samples";
  return `${fmt(l.p50, digits)} / ${fmt(l.p90, digits)} / ${fmt(l.p99, digits)} / ${fmt(l.p999, digits)} / ${fmt(l.max, digits)} ms`;
}

const mib = (n: number) => (Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(1)} MiB` : "-");

function summaryRows(r: LoadReport): [string, string][] {
  const a = r.actions;
  const rows: [string, string][] = [
    ["server", r.target.kind === "child" ? `started by the tool (node ${r.target.nodeArgs?.join(" ") || "without flags"}), ${r.target.database}` : `${r.target.database}`],
    ["players", `${r.players.connectedEnd} connected at the end (target ${r.players.target} in ${r.players.tables} ${r.players.mode} tables of ${r.players.perTable})`],
    ["joins", `${r.join.started} started, ${r.join.failures} failed, ${r.join.seatedAfterRamp} seated in ${r.join.tables} tables after ${fmt(r.join.rampS)} s`],
    ["join p50 / p90 / p99 / p99.9 / max", latency(r.join.latency, 0)],
    ["measured window", `${fmt(a.measuredS)} s, ${fmt(a.perSecond)} actions/s acked`],
    ["action→ack p50 / p90 / p99 / p99.9 / max", latency(a.latency, 2)],
    ["errors", `${r.errors} (${a.ackTimeouts} ack time-outs, ${a.serverErrors} error messages, ${a.drops} drops, ${a.lostRooms} rooms lost, rejected: ${JSON.stringify(a.rejected)})`],
    ["server CPU avg / peak / idle", `${fmt(r.server.cpuAvgPct)} / ${fmt(r.server.cpuPeakPct)} / ${fmt(r.server.idleCpuPct)} % of one core`],
    ["server CPU per action all-in / above idle", `${fmt(r.server.cpuPerActionUs, 0)} / ${fmt(r.server.cpuPerActionAboveIdleUs, 0)} µs`],
    ["server RSS start / end / peak", `${mib(r.server.rssStartBytes)} / ${mib(r.server.rssEndBytes)} / ${mib(r.server.rssPeakBytes)}`],
    ["server event-loop lag p99 / max", `${fmt(r.server.loopP99Ms)} / ${fmt(r.server.loopMaxMs)} ms`],
    // Older reports (before the count existed) have no field: "-".
    ["server full collections in the window", Number.isFinite(r.server.fullGcs) ? String(r.server.fullGcs) : "-"],
    [
      "load generator CPU avg / peak, busiest thread, loop p99 / max",
      `${fmt(r.generator.cpuAvgPct)} / ${fmt(r.generator.cpuPeakPct)} % (${r.generator.threads} player threads), busiest ${fmt(r.generator.busiestThreadPct)} % busy, ${fmt(r.generator.loopP99Ms)} / ${fmt(r.generator.loopMaxMs)} ms`,
    ],
    ["machine", `${r.machine.cpus} cores, load average ${fmt(r.machine.loadavgStart, 2)} → ${fmt(r.machine.loadavgEnd, 2)}, Node ${r.machine.node}`],
  ];
  const rc = r.reconnect;
  if (rc) {
    rows.push(
      ["reconnect storm", `${rc.dropped} dropped at t=${fmt(rc.atS)} s, ${rc.back} back in their own seat (${rc.viaToken} by token, ${rc.viaJoinById} by joinById), ${rc.failures} failed, ${rc.tableEnded} tables ended meanwhile`],
      ["drop → back in seat p50 / p90 / p99 / p99.9 / max", latency(rc.downtime, 0)],
    );
  }
  const h = r.heap;
  if (h) {
    rows.push([
      `server heap${h.afterGc ? " (after full GC)" : ""}`,
      `${mib(h.startBytes)} → ${mib(h.endBytes)}; slope ${fmt(h.slopeMiBPerMin, 2)} MiB/min (RSS ${fmt(h.rssSlopeMiBPerMin, 2)} MiB/min)`,
    ]);
  }
  return rows;
}

const CHART_SCRIPT = `
(function () {
  var r = JSON.parse(document.getElementById("report-data").textContent);
  var tl = r.timeline, w = r.windows;
  function nul(a) { return a.map(function (v) { return v === null || v === undefined || !isFinite(v) ? null : v; }); }
  function pos(a) { return a.map(function (v) { return v === null || !(v > 0) ? null : v; }); }
  // Dashed vertical line and name at the start of each phase (ramp, idle, measured window, storm).
  function phaseMarks(u) {
    var ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#888"; ctx.fillStyle = "#555"; ctx.setLineDash([4, 4]); ctx.font = (10 * devicePixelRatio) + "px sans-serif";
    r.phases.forEach(function (p) {
      var x = Math.round(u.valToPos(p.startS, "x", true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
      ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
      ctx.fillText(p.name, x + 3, u.bbox.top + 12 * devicePixelRatio);
    });
    ctx.restore();
  }
  var colors = ["#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b"];
  function chart(id, title, x, series, opts) {
    var el = document.getElementById(id);
    var width = Math.max(320, el.clientWidth || 900);
    var s = [{ label: "t (s)" }];
    var data = [x];
    series.forEach(function (d, i) {
      s.push({ label: d.label, stroke: colors[i % colors.length], width: 1.5, scale: d.scale || "y", spanGaps: false, points: { show: x.length < 60 } });
      data.push(d.values);
    });
    var axes = [{ label: "run time (s)" }, { label: opts.yLabel, scale: "y" }];
    var scales = { x: { time: false }, y: opts.log ? { distr: 3 } : { auto: true, range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.1 : 1]; } } };
    if (opts.y2) { axes.push({ label: opts.y2, scale: "y2", side: 1, grid: { show: false } }); scales.y2 = { auto: true }; }
    new uPlot({ title: title, width: width, height: 300, series: s, axes: axes, scales: scales, hooks: { draw: [phaseMarks] } }, data, el);
  }
  var wx = w.map(function (v) { return v.startS; });
  function wcol(k) { return w.map(function (v) { return v.count > 0 ? v[k] : null; }); }
  if (w.length) chart("chart-latency", "action→ack latency per 10 s window (ms, log scale)", wx,
    [{ label: "p50", values: pos(wcol("p50")) }, { label: "p90", values: pos(wcol("p90")) }, { label: "p99", values: pos(wcol("p99")) }, { label: "p99.9", values: pos(wcol("p999")) }, { label: "max", values: pos(wcol("max")) }],
    { yLabel: "ms", log: true });
  else document.getElementById("chart-latency").textContent = "No action was acknowledged in this run.";
  var players = [{ label: "connected players (load generator)", values: nul(tl.connected) }];
  if (tl.serverClients.some(function (v) { return v !== null && isFinite(v); })) players.push({ label: "clients connected (server /metrics)", values: nul(tl.serverClients) });
  chart("chart-players", "connected players", tl.t, players, { yLabel: "players" });
  chart("chart-cpu", "CPU (% of one core)", tl.t, [{ label: "server", values: nul(tl.serverCpuPct) }, { label: "load generator", values: nul(tl.generatorCpuPct) }], { yLabel: "%" });
  chart("chart-memory", "server memory (MiB)", tl.t, [{ label: "RSS", values: nul(tl.serverRssMiB) }, { label: "heap used", values: nul(tl.serverHeapMiB) }], { yLabel: "MiB" });
  var loops = [{ label: "server", values: nul(tl.serverLoopP99Ms) }, { label: "load generator (worst thread)", values: nul(tl.generatorLoopP99Ms) }];
  if (tl.serverGcMaxMs) loops.push({ label: "server longest GC pause", values: nul(tl.serverGcMaxMs) });
  if (tl.generatorGcMaxMs) loops.push({ label: "load generator longest GC pause", values: nul(tl.generatorGcMaxMs) });
  chart("chart-loop", "event-loop delay p99 and longest GC pause per sample (ms)", tl.t, loops, { yLabel: "ms" });
})();
`;

export function renderHtml(r: LoadReport): string {
  const u = uplot();
  const rows = summaryRows(r)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join("\n");
  const verdicts = r.verdicts.length
    ? `<h2>Verdict: <span class="${r.pass ? "pass" : "fail"}">${r.pass ? "PASS" : "FAIL"}</span></h2><ul>${r.verdicts
        .map((v) => `<li class="${v.pass ? "pass" : "fail"}">${escapeHtml(v.line)}</li>`)
        .join("")}</ul>`
    : "<h2>Verdict</h2><p>No objective given (<code>--slo</code>).</p>";
  const warnings = r.generator.warnings.map((w) => `<p class="warn">WARNING: ${escapeHtml(w)}</p>`).join("\n");
  const windows = r.windows
    .map((w) => {
      const v = (n: number) => (w.count > 0 ? fmt(n, 1) : "-");
      return `<tr><td>${w.startS}</td><td>${w.count}</td><td>${v(w.p50)}</td><td>${v(w.p90)}</td><td>${v(w.p99)}</td><td>${v(w.p999)}</td><td>${v(w.max)}</td><td>${w.errors}</td></tr>`;
    })
    .join("\n");
  const phases = r.phases.map((p) => `<li>${escapeHtml(p.name)}: ${fmt(p.startS)} → ${fmt(p.endS)} s</li>`).join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Diwan load test: ${escapeHtml(r.scenario)} ${escapeHtml(r.startedAt)}</title>
<style>${u.css}</style>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
.pass { color: #18794e; } .fail { color: #c62828; } .warn { color: #a15c00; font-weight: 600; }
.chart { margin: 1em 0 2em; min-height: 330px; }
code { background: #f4f4f4; padding: 0 3px; }
</style>
</head>
<body>
<h1>Diwan load test — ${escapeHtml(r.scenario)}</h1>
<p>${escapeHtml(r.startedAt)} → ${escapeHtml(r.finishedAt)}. Command: <code>${escapeHtml(r.command)}</code></p>
<p>Loopback run: the load generator and the server share the machine's cores; figures are as measured under that load.</p>
${verdicts}
${warnings}
<h2>Summary</h2>
<table>${rows}</table>
<h2>Charts</h2>
<div id="chart-latency" class="chart"></div>
<div id="chart-players" class="chart"></div>
<div id="chart-cpu" class="chart"></div>
<div id="chart-memory" class="chart"></div>
<div id="chart-loop" class="chart"></div>
<h2>Phases</h2>
<ul>${phases}</ul>
<h2>Per 10 s window (action→ack, ms)</h2>
<table><tr><th>t (s)</th><th>acks</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>errors</th></tr>
${windows}
</table>
<p>Charts: uPlot ${escapeHtml(u.version)} (MIT licence, inlined below).</p>
<script type="application/json" id="report-data">${scriptJson(r)}</script>
<!-- uPlot licence:
${escapeHtml(u.license).replace(/--/g, "- -")}
-->
<script>${u.js}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
