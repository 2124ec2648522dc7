import { productionNodeFlags, startChild, type ServerChild } from "../../bench/lib/child.js";
import { benchSecret } from "../../bench/lib/clients.js";
import { sampleProc, scrapeMetrics } from "../../bench/lib/proc.js";

/**
 * The server under test, and how its CPU, memory and event loop are read:
 * - started by the tool (no `--url`): a real Diwan server (same composition root and Node flags
 *   as `npm start`) in a child process with a JWT secret the tool generated, PGlite in memory or `DATABASE_URL`;
 *   its figures come from the child itself over IPC (process.cpuUsage, memoryUsage, its own
 *   event-loop histogram; heap after a full GC on request);
 * - a server somebody else started (`--url`): `GET /metrics` (prom-client's process and Node.js
 *   metrics), CPU and RSS from /proc when its pid is given (`--pid`).
 */

export interface ServerSample {
  /** Date.now() of the sample. */
  at: number;
  /** User + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Event-loop delay since the previous sample (the child's histogram, or prom-client's per scrape). */
  loopP99Ms: number;
  loopMaxMs: number;
  /** Longest GC pause since the previous sample (the child's own GC observer; NaN from /metrics). */
  gcMaxMs: number;
  /** Full (mark-compact) collections of the server's main heap since the previous sample (child only; NaN from /metrics). */
  majorGcs: number;
  /** diwan_clients_connected / diwan_rooms_active, when read from /metrics. */
  clients?: number;
  rooms?: number;
  /** diwan_game_actions_total, when read from /metrics. */
  actions?: number;
}

export interface ServerProbe {
  kind: "child" | "external";
  url: string;
  /** The secret tokens are signed with: the generated one for a child, else the one given (if any). */
  secret: string | undefined;
  /** Where the match log goes, for the report. */
  database: string;
  pid: number | undefined;
  /** Node/V8 flags of a server the tool started (the production ones from `npm start`, plus SERVER_NODE_ARGS). */
  nodeArgs?: string[];
  /** One sample; `gc` forces a full collection first (child only: the heap after GC). */
  sample(options?: { gc?: boolean }): Promise<ServerSample | null>;
  /**
   * Start the server's CPU profile, or stop it and write it to `path` (a .cpuprofile for Chrome
   * DevTools / speedscope); only for a server the tool started.
   */
  profile?(action: "start" | "stop", path?: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  databaseUrl: string | undefined;
  maxRooms: number;
  /** Extra server environment (e.g. RECONNECT_GRACE_S), validated by the server's own config. */
  env: Record<string, string>;
}

export async function startServerChild(o: ChildServerOptions): Promise<ServerProbe> {
  // The production flags first; SERVER_NODE_ARGS (diagnosis, e.g. --trace-gc) after, so it can override them.
  const flags = productionNodeFlags();
  if (flags.length) process.env.SERVER_NODE_ARGS = [...flags, process.env.SERVER_NODE_ARGS ?? ""].join(" ").trim();
  const secret = process.env.JWT_SECRET && process.env.JWT_SECRET.length >= 32 ? process.env.JWT_SECRET : benchSecret();
  const child: ServerChild = await startChild(
    new URL("../../bench/lib/diwan.child.ts", import.meta.url),
    {
      // What `npm start` runs in production, on loopback, with a random free port.
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: "memory",
      DATABASE_URL: o.databaseUrl ?? "",
      REDIS_URL: "",
      PUBLIC_ADDRESS: "",
      JWT_SECRET: secret,
      METRICS_TOKEN: "",
      LOG_LEVEL: "warn",
      MAX_ROOMS: String(o.maxRooms),
      ...o.env,
    },
    60_000,
  );
  let lastError: string | undefined;
  return {
    kind: "child",
    url: child.url,
    secret,
    database: o.databaseUrl ? `Postgres (${redact(o.databaseUrl)})` : "embedded PGlite in memory",
    pid: child.pid,
    nodeArgs: (process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean),
    async sample(options = {}) {
      try {
        const s = await child.stats({ gc: options.gc, resetLoop: true });
        return {
          at: Date.now(),
          cpuSeconds: (s.cpuUserUs + s.cpuSystemUs) / 1e6,
          rssBytes: s.rss,
          heapUsedBytes: s.heapUsed,
          loopP99Ms: s.loopDelayP99Ms,
          loopMaxMs: s.loopDelayMaxMs,
          gcMaxMs: s.gcMaxMs,
          majorGcs: s.majorGcs,
        };
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        if (text !== lastError) console.error(`loadtest: server stats: ${text}`);
        lastError = text;
        return null;
      }
    },
    async profile(action, path) {
      await child.stats({ profile: action, profilePath: path });
    },
    stop: () => child.stop(),
  };
}

export function externalServer(url: string, options: { pid?: number; metricsToken?: string; secret?: string }): ServerProbe {
  let lastError: string | undefined;
  return {
    kind: "external",
    url,
    secret: options.secret,
    database: "as configured on the server",
    pid: options.pid,
    async sample() {
      const metrics = await scrapeMetrics(url, options.metricsToken).catch((err: unknown) => {
        const text = err instanceof Error ? err.message : String(err);
        if (text !== lastError) console.error(`loadtest: ${url}/metrics: ${text} (server CPU/heap/loop lag unknown)`);
        lastError = text;
        return null;
      });
      const proc = options.pid !== undefined ? sampleProc(options.pid) : null;
      if (!metrics && !proc) return null;
      const m = (name: string) => metrics?.get(name) ?? Number.NaN;
      return {
        at: Date.now(),
        cpuSeconds: proc?.cpuSeconds ?? m("process_cpu_seconds_total"),
        rssBytes: proc?.rssBytes ?? m("process_resident_memory_bytes"),
        heapUsedBytes: m("nodejs_heap_size_used_bytes"),
        loopP99Ms: m("nodejs_eventloop_lag_p99_seconds") * 1000,
        loopMaxMs: m("nodejs_eventloop_lag_max_seconds") * 1000,
        gcMaxMs: Number.NaN,
        majorGcs: Number.NaN,
        // The gauges have no series until the first table opened: none means 0.
        clients: metrics ? (metrics.get("diwan_clients_connected") ?? 0) : undefined,
        rooms: metrics ? (metrics.get("diwan_rooms_active") ?? 0) : undefined,
        actions: metrics?.get("diwan_game_actions_total"),
      };
    },
    async stop() {
      // Not ours to stop.
    },
  };
}

/** A connection URL without its password, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}
