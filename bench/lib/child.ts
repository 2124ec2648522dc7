import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChildStats, ReadyMessage, StatsRequest } from "./childStats.js";

/**
 * A server under test in its own process (its own core when the scheduler allows): the parent
 * drives clients and asks the child for its own CPU/heap figures over IPC.
 */
export interface ServerChild {
  pid: number;
  port: number;
  url: string;
  stats(options?: Omit<StatsRequest, "type" | "id">): Promise<ChildStats>;
  stop(timeoutMs?: number): Promise<void>;
}

export async function startChild(entry: string | URL, env: Record<string, string | undefined>, startTimeoutMs = 30_000, nodeArgs: readonly string[] = []): Promise<ServerChild> {
  const path = entry instanceof URL ? fileURLToPath(entry) : entry;
  const child: ChildProcess = fork(path, [], {
    // tsx for TypeScript; --expose-gc so heap figures are measured after a full collection.
    // `nodeArgs`: flags of this child only (e.g. one side of an A/B of V8 flags); SERVER_NODE_ARGS
    // adds flags to every child, for diagnosis, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    execArgv: ["--import", "tsx", "--expose-gc", ...nodeArgs, ...(process.env.SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server child did not start within ${startTimeoutMs} ms`)), startTimeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server child exited with ${code} before it was ready`));
    });
    child.on("message", (m: unknown) => {
      if ((m as ReadyMessage)?.type === "ready") {
        clearTimeout(timer);
        resolve(m as ReadyMessage);
      }
    });
  });
  child.removeAllListeners("exit");

  let nextId = 1;
  const waiting = new Map<number, (s: ChildStats) => void>();
  child.on("message", (m: unknown) => {
    const s = m as ChildStats;
    if (s?.type === "stats") {
      waiting.get(s.id)?.(s);
      waiting.delete(s.id);
    }
  });

  return {
    pid: ready.pid,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    stats(options = {}) {
      const id = nextId++;
      return new Promise<ChildStats>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error("server child did not answer a stats request within 30 s"));
        }, 30_000);
        waiting.set(id, (s) => {
          clearTimeout(timer);
          resolve(s);
        });
        child.send({ type: "stats", id, ...options } satisfies StatsRequest);
      });
    },
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Which server code a Diwan child runs, for the benches' headers. Through tsx every function
 * carries its own `name` property (esbuild's keepNames), which puts its properties in dictionary
 * mode: ≈ 20 KiB more heap per table than the compiled build production runs.
 */
export function serverCodeLabel(): string {
  const dist = process.env.BENCH_SERVER_DIST;
  return dist ? `compiled build in ${dist}` : "src/ through tsx (heap figures ≈ 20 KiB per table above the compiled build: set BENCH_SERVER_DIST)";
}

/**
 * The Node/V8 flags `npm start` runs the server with (package.json "start": `node <flags>
 * dist/src/index.js`, the same as the Dockerfile and ecosystem.config.js; test/platform/deploy.test.ts
 * keeps the three the same).
 */
export function startScriptNodeFlags(startScript: string): string[] {
  const m = /^node((?:\s+--\S+)*)\s+dist\/src\/index\.js$/.exec(startScript.trim());
  if (!m) throw new Error(`package.json "start" is not "node [--flags] dist/src/index.js": ${startScript}`);
  return (m[1] ?? "").split(/\s+/).filter(Boolean);
}

/** `npm start`'s Node flags, read from package.json: a server child of a bench or of the load tool runs with them. */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  return startScriptNodeFlags(pkg.scripts.start);
}

/**
 * A production-mode Diwan server child for the benches, with `npm start`'s Node flags (then
 * `nodeArgs`, which may override them): loopback, embedded PGlite in memory
 * unless `databaseUrl` is set, no Redis, quiet logs, room for `tables` tables. `env` overrides
 * or adds settings (clock, bot delay, fill wait…).
 */
export function startDiwanChild(
  options: { databaseUrl: string | undefined; secret: string; tables: number; env?: Record<string, string>; nodeArgs?: readonly string[] },
  startTimeoutMs?: number,
): Promise<ServerChild> {
  return startChild(
    new URL("./diwan.child.ts", import.meta.url),
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: "memory",
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: "",
      JWT_SECRET: options.secret,
      LOG_LEVEL: "warn",
      MAX_ROOMS: String(Math.max(5000, options.tables * 2)),
      SHUTDOWN_TIMEOUT_S: "5",
      ...options.env,
    },
    startTimeoutMs,
    [...productionNodeFlags(), ...(options.nodeArgs ?? [])],
  );
}

/**
 * The server child of the benches that hold seated tables where nobody acts (bench:idle,
 * bench:heap): bots never move on their own, no clock runs out, no bot fills a quick table
 * while the bench seats it. PGlite's initdb alone takes 20–30 s on a loaded machine.
 */
export function startQuietTablesChild(options: { databaseUrl: string | undefined; secret: string; tables: number }): Promise<ServerChild> {
  return startDiwanChild(
    { ...options, env: { BOT_DELAY_MS: "0", TURN_TIMEOUT_S: "3600", TURN_WARNING_S: "10", BOT_FILL_WAIT_S: "3600" } },
    180_000,
  );
}
