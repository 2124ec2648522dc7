import { boolFlag, durationFlag, intFlag, stringFlag, type Flags } from "../../bench/lib/args.js";
import type { Scenario } from "./report.js";
import { parseSlo, type Objective } from "./slo.js";

/** Every option of the load tool, validated once (a bad value is an error before anything starts). */
export interface LoadOptions {
  scenario: Scenario;
  /** External server; undefined: the tool starts one itself. */
  url: string | undefined;
  pid: number | undefined;
  metricsToken: string | undefined;
  secret: string | undefined;
  databaseUrl: string | undefined;
  serverEnv: Record<string, string>;
  tables: number;
  perTable: number;
  /** Worker threads the simulated players are spread over. */
  threads: number;
  /** Young generation of each player thread in MiB (0: V8's default), see --thread-young-mb. */
  threadYoungMb: number;
  mode: "quick" | "bots";
  paceMs: number;
  jitterMs: number;
  durationMs: number;
  idleMs: number;
  rampRate: number;
  rampTimeoutMs: number;
  stormWindowMs: number;
  dropShare: number;
  returnWithinMs: number;
  stormAfterMs: number;
  /** auto: the reconnection token, then joinById; joinById: straight to the fallback (to exercise it). */
  reconnectVia: "auto" | "joinById";
  sampleMs: number;
  /** How long to wait for the server's /health (a server just started may still be building or migrating). */
  serverWaitMs: number;
  slo: Objective[];
  jsonPath: string | undefined;
  /** Bare `--json`: print the report as one `RESULT {…}` line (what older scripts parse). */
  jsonLine: boolean;
  htmlPath: string | undefined;
  /** Write a CPU profile of the server over the measured window here (server started by the tool). */
  serverProfilePath: string | undefined;
}

export const USAGE = `usage: npm run loadtest -- [options]

  --scenario steady|join-storm|reconnect-storm|soak   (default steady; --soak = --scenario soak)
  server:  no --url: the tool starts a Diwan server itself (child process, production config, PGlite in
           memory, or Postgres with --database-url / env DATABASE_URL) with a JWT secret it generates
           --url http://host:port  a running server; players sign in with --jwt-secret S (env JWT_SECRET,
           the server's own) or, without one, as guests (POST /auth/guest, rate-limited per IP)
           --server-wait 120s  how long to wait for its /health (npm start builds first)
           --pid N  read that server's CPU/RSS from /proc (else GET /metrics; --metrics-token T)
           --server-env K=V,K=V  extra environment for the server the tool starts (e.g. RECONNECT_GRACE_S=60)
  players: --tables 100 --clients-per-table 4 --mode quick|bots --pace 2s --jitter 500ms
           --threads N  worker threads the players are spread over (default: one per 1,250 players,
           at most 4), so the generator's own event loop and GC pauses do not become the latency
           --thread-young-mb N  young generation of each player thread (MiB; 0 = V8's default): a larger
           one promotes fewer short-lived objects (think timers, decoded patches), so the threads'
           full collections come later and shorter
  phases:  --ramp-rate 100 (joins/s) --ramp-timeout 180s --idle 10s (seated, nobody acting; 0 skips)
           --duration 60s (measured window; soak 3m)
  join-storm:      every table's players join within --storm-window 10s (default 1000 tables)
  reconnect-storm: --drop-share 0.3 of the seated players cut their socket --storm-after 10s into the
                   window and come back within --return-within 10s (token, then joinById); each must be
                   back in his own seat; --reconnect-via auto|joinById (auto: token, then joinById)
  soak:            steady play; server heap at start vs end (after full GC when the tool started the
                   server) and its growth per minute
  output:  --json out.json (bare --json: a RESULT line) --html out.html (self-contained, with charts)
           --sample 2s (timeline resolution)
           --server-profile out.cpuprofile  a CPU profile of the server over the measured window
           (server started by the tool; open in Chrome DevTools or speedscope)
  verdict: --slo p99=50ms,errors=0[,p50=,p90=,p999=,max=,joinFailures=,joinP99=,reconnectFailures=,
           reconnectP99=,serverCpu=50%,heapSlope=1MiB/min]  exit 0 when met, 1 when not

Every run is bounded: --duration ≤ 10 min, a ramp time-out and a hard overall limit.`;

/** Default share of one player thread: 5,000 players → 4 threads. */
export const PLAYERS_PER_THREAD = 1250;

const SCENARIOS: Scenario[] = ["steady", "join-storm", "reconnect-storm", "soak"];

function share(flags: Flags, name: string, fallback: number): number {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new Error(`--${name} must be a share in (0, 1], got ${raw}`);
  return n;
}

function reconnectVia(raw: string): "auto" | "joinById" {
  if (raw !== "auto" && raw !== "joinById") throw new Error(`--reconnect-via must be auto or joinById, got ${raw}`);
  return raw;
}

function envList(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!raw) return out;
  for (const item of raw.split(",")) {
    const m = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(item);
    if (!m) throw new Error(`--server-env item "${item}" is not NAME=value`);
    out[m[1] as string] = (m[2] as string).trim();
  }
  return out;
}

function outputPath(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  if (v === undefined || v === "true") return undefined;
  return v;
}

function serverProfile(flags: Flags, url: string | undefined): string | undefined {
  const path = outputPath(flags, "server-profile");
  if (flags.has("server-profile") && path === undefined) throw new Error("--server-profile needs a file name");
  if (path !== undefined && url !== undefined) throw new Error("--server-profile profiles the server the tool starts; it makes no sense with --url");
  return path;
}

export function parseOptions(flags: Flags): LoadOptions {
  const rawScenario = boolFlag(flags, "soak") ? "soak" : stringFlag(flags, "scenario", "steady");
  if (!SCENARIOS.includes(rawScenario as Scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(", ")}, got ${rawScenario}`);
  const scenario = rawScenario as Scenario;
  const mode = stringFlag(flags, "mode", "quick");
  if (mode !== "quick" && mode !== "bots") throw new Error("--mode must be quick or bots");
  const paceMs = Math.max(60, durationFlag(flags, "pace", 2000));
  const defaults = {
    steady: { tables: 100, duration: 60_000, idle: 10_000 },
    "join-storm": { tables: 1000, duration: 20_000, idle: 0 },
    "reconnect-storm": { tables: 100, duration: 40_000, idle: 0 },
    soak: { tables: 100, duration: 180_000, idle: 0 },
  }[scenario];
  const url = stringFlag(flags, "url");
  if (url !== undefined) {
    try {
      new URL(url);
    } catch {
      throw new Error(`--url is not a URL: ${url}`);
    }
  }
  const databaseUrl = stringFlag(flags, "database-url") ?? (process.env.DATABASE_URL || undefined);
  if (url !== undefined && flags.has("database-url")) throw new Error("--database-url configures the server the tool starts; it makes no sense with --url");
  const durationMs = durationFlag(flags, "duration", defaults.duration, 10 * 60_000);
  const stormAfterMs = durationFlag(flags, "storm-after", 10_000, 10 * 60_000);
  const returnWithinMs = durationFlag(flags, "return-within", 10_000, 120_000);
  if (scenario === "reconnect-storm" && stormAfterMs + returnWithinMs + 5000 > durationMs) {
    throw new Error(`--duration (${durationMs / 1000} s) must cover --storm-after + --return-within + 5 s for the reconnect storm`);
  }
  const sloText = stringFlag(flags, "slo");
  const tables = intFlag(flags, "tables", defaults.tables, 1, 5000);
  const perTable = mode === "bots" ? 1 : intFlag(flags, "clients-per-table", 4, 1, 4);
  return {
    scenario,
    url,
    pid: flags.has("pid") ? intFlag(flags, "pid", 0, 1) : undefined,
    metricsToken: stringFlag(flags, "metrics-token") ?? process.env.METRICS_TOKEN,
    secret: stringFlag(flags, "jwt-secret") ?? process.env.JWT_SECRET,
    databaseUrl,
    serverEnv: envList(stringFlag(flags, "server-env")),
    tables,
    perTable,
    threads: intFlag(flags, "threads", Math.min(4, Math.ceil((tables * perTable) / PLAYERS_PER_THREAD)), 1, 16),
    threadYoungMb: intFlag(flags, "thread-young-mb", 0, 0, 1024),
    mode,
    paceMs,
    jitterMs: durationFlag(flags, "jitter", Math.round(paceMs / 4)),
    durationMs,
    idleMs: durationFlag(flags, "idle", defaults.idle, 25_000),
    rampRate: intFlag(flags, "ramp-rate", 100, 1, 5000),
    rampTimeoutMs: durationFlag(flags, "ramp-timeout", 180_000, 10 * 60_000),
    stormWindowMs: Math.max(1000, durationFlag(flags, "storm-window", 10_000, 120_000)),
    dropShare: share(flags, "drop-share", 0.3),
    returnWithinMs,
    stormAfterMs,
    reconnectVia: reconnectVia(stringFlag(flags, "reconnect-via", "auto")),
    sampleMs: Math.max(500, durationFlag(flags, "sample", 2000, 60_000)),
    serverWaitMs: durationFlag(flags, "server-wait", 120_000, 10 * 60_000),
    slo: sloText === undefined ? [] : parseSlo(sloText),
    jsonPath: outputPath(flags, "json"),
    jsonLine: flags.get("json") === "true",
    htmlPath: outputPath(flags, "html"),
    serverProfilePath: serverProfile(flags, url),
  };
}
