/**
 * Capacity load tool: many SDK clients in Baloot tables (quick tables of 4 humans by default)
 * playing at human pace against a Diwan server it starts itself (no --url) or one at --url.
 * Scenarios: steady play, a join storm, a reconnect storm, a soak. It prints percentiles for the
 * whole run and per 10 s window, join and reconnect figures, server and load-generator CPU,
 * memory and event-loop delay, writes a JSON and a self-contained HTML report with charts, and
 * with --slo exits 0 when the run met its objectives and 1 when it did not.
 *
 *   npm run loadtest -- --tables 5 --duration 30s --html /tmp/load.html --slo p99=50ms,errors=0
 *   npm run loadtest -- --help
 *
 * Exit codes: 0 run done (and every objective met), 1 an objective not met, 2 the run could not
 * be done (server did not start or answer, hard time limit), 64 bad options.
 */
import "../src/platform/polyfills.js";
import { writeFileSync } from "node:fs";
import { parseFlags } from "../bench/lib/args.js";
import { sleep } from "../bench/lib/stats.js";
import { renderHtml } from "./loadtest/html.js";
import { USAGE, parseOptions, type LoadOptions } from "./loadtest/options.js";
import { printReport } from "./loadtest/report.js";
import { runLoad } from "./loadtest/run.js";
import { externalServer, startServerChild, type ServerProbe } from "./loadtest/server.js";

const flags = parseFlags();
if (flags.has("help")) {
  console.log(USAGE);
  process.exit(0);
}
let options: LoadOptions;
try {
  options = parseOptions(flags);
} catch (err) {
  console.error(`loadtest: ${err instanceof Error ? err.message : String(err)}\n(npm run loadtest -- --help lists the options)`);
  process.exit(64);
}
const o = options;

let server: ServerProbe | undefined;
// Hard bound on the whole run, whatever happens (the server the tool started goes with it).
const hardLimitMs = o.serverWaitMs + 60_000 + o.rampTimeoutMs + 15_000 + o.idleMs + 5000 + o.durationMs + o.returnWithinMs + 60_000 + 30_000;
setTimeout(() => {
  console.error(`loadtest: hard limit of ${Math.round(hardLimitMs / 1000)} s reached; exiting`);
  void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(2));
  setTimeout(() => process.exit(2), 10_000).unref();
}, hardLimitMs).unref();

try {
  if (o.url) {
    server = externalServer(o.url, { pid: o.pid, metricsToken: o.metricsToken, secret: o.secret });
  } else {
    console.log(`loadtest: starting a Diwan server (${o.databaseUrl ? "Postgres from DATABASE_URL" : "embedded PGlite in memory"})…`);
    server = await startServerChild({ databaseUrl: o.databaseUrl, maxRooms: Math.max(5000, o.tables * 2), env: o.serverEnv });
    console.log(`loadtest: server pid ${server.pid} on ${server.url}`);
  }
} catch (err) {
  console.error(`loadtest: could not start the server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
const target = server;

// A server just started may still be building or opening its database: wait for it, bounded.
let health: unknown;
const waitUntil = Date.now() + o.serverWaitMs;
for (let said = false; ; ) {
  health = await fetch(new URL("/health", target.url), { signal: AbortSignal.timeout(5000) }).catch((err: unknown) => err);
  if ((health instanceof Response && health.ok) || Date.now() > waitUntil) break;
  if (!said) console.log(`loadtest: waiting up to ${o.serverWaitMs / 1000} s for ${target.url}/health…`);
  said = true;
  await sleep(1000);
}
if (!(health instanceof Response) || !health.ok) {
  console.error(`loadtest: ${target.url}/health does not answer: ${health instanceof Response ? health.status : String(health)}`);
  await target.stop();
  process.exit(2);
}

const command = `npm run loadtest -- ${process.argv.slice(2).join(" ")}`.trim();
const report = await runLoad(o, target, command);
await target.stop();
printReport(report);
if (o.jsonPath) {
  writeFileSync(o.jsonPath, `${JSON.stringify(report, null, 1)}\n`);
  console.log(`\nJSON report: ${o.jsonPath}`);
}
if (o.jsonLine) console.log(`RESULT ${JSON.stringify({ ...report, timeline: undefined })}`);
if (o.htmlPath) {
  writeFileSync(o.htmlPath, renderHtml(report));
  console.log(`HTML report: ${o.htmlPath}`);
}
process.exit(report.pass ? 0 : 1);
