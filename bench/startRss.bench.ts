/**
 * Whole-server RSS at start on the embedded PGlite (issue 10: ≤ 300 MB), compiled builds side by
 * side: each round starts every build on a NEW data folder (initdb runs), then again on that folder
 * (a restart), in alternating order (round 1: A then B, round 2: B then A, …).
 *
 *   npm run bench:start-rss -- --dists /tmp/out-main,/tmp/out-mine --rounds 6
 *
 * A server is `node <dist>/src/index.js` (NODE_ENV=production, PGlite folder, no Redis, LOG_LEVEL
 * warn); its RSS is read from /proc/<pid>/status `--settle` seconds (default 3) after /ready first
 * answered 200, with the anonymous / file-backed split from /proc/<pid>/smaps_rollup. Each server
 * is then stopped with SIGTERM (its graceful shutdown closes PGlite cleanly) before the next starts.
 * `--env KEY=VALUE,…` adds environment variables to every server; a build written
 * `<dist>@KEY=VALUE;KEY=VALUE` in `--dists` gets those for its own runs only (one build, two
 * environments side by side: `--dists /tmp/out-main,/tmp/out-main@MALLOC_ARENA_MAX=2`); the
 * pseudo-variable NODE_ARGS puts flags on node's command line (V8 flags are refused in NODE_OPTIONS).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags } from "./lib/args.js";

interface Sample {
  dist: string;
  phase: "new folder" | "restart";
  round: number;
  rssMiB: number;
  anonMiB: number;
  fileMiB: number;
  readyMs: number;
}

const flags = parseFlags();
const DISTS = (flags.get("dists") ?? "dist").split(",").map((d) => d.replace(/\/(?=@|$)/, ""));
const ROUNDS = Number(flags.get("rounds") ?? 6);
const SETTLE_MS = Number(flags.get("settle") ?? 3) * 1000;
const EXTRA_ENV = Object.fromEntries(
  (flags.get("env") ?? "")
    .split(",")
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function kib(text: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

/** `<dist>@K=V;K=V` → the build folder and its own environment. */
function parseBuild(spec: string): { dir: string; env: Record<string, string> } {
  const [dir, envSpec] = spec.split("@", 2) as [string, string | undefined];
  const env = Object.fromEntries((envSpec ?? "").split(";").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  return { dir, env };
}

async function startOnce(dist: string, folder: string, phase: Sample["phase"], round: number): Promise<Sample> {
  const port = await freePort();
  const t0 = performance.now();
  const build = parseBuild(dist);
  const { NODE_ARGS: nodeArgs, ...buildEnv } = build.env;
  const child = spawn(process.execPath, [...(nodeArgs ? nodeArgs.split(" ") : []), join(build.dir, "src/index.js")], {
    cwd: build.dir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      JWT_SECRET: "bench-start-rss-secret-0123456789abcdef",
      DATA_DIR: folder,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...EXTRA_ENV,
      ...buildEnv,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    let readyMs = -1;
    while (readyMs < 0) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error(`server not ready within 60 s: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
      if (ok) readyMs = performance.now() - t0;
      else await sleep(50);
    }
    await sleep(SETTLE_MS);
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const rollup = readFileSync(`/proc/${child.pid}/smaps_rollup`, "utf8");
    return {
      dist,
      phase,
      round,
      rssMiB: Math.round(kib(status, "VmRSS") / 1024),
      anonMiB: Math.round(kib(rollup, "Anonymous") / 1024),
      fileMiB: Math.round((kib(rollup, "Rss") - kib(rollup, "Anonymous")) / 1024),
      readyMs: Math.round(readyMs),
    };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

async function main(): Promise<void> {
  const samples: Sample[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? DISTS : [...DISTS].reverse();
    for (const dist of order) {
      const folder = mkdtempSync(join(tmpdir(), "diwan-start-rss-"));
      try {
        for (const phase of ["new folder", "restart"] as const) {
          const s = await startOnce(dist, folder, phase, round);
          samples.push(s);
          console.log(JSON.stringify(s));
        }
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  }
  console.log(`\n${ROUNDS} rounds, RSS ${SETTLE_MS / 1000} s after /ready (MiB)${Object.keys(EXTRA_ENV).length ? `, env ${JSON.stringify(EXTRA_ENV)}` : ""}`);
  console.log("| build | run | median RSS | min–max | median anon / file | each round | ready (ms, median) |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const dist of DISTS) {
    for (const phase of ["new folder", "restart"] as const) {
      const mine = samples.filter((s) => s.dist === dist && s.phase === phase);
      const rss = mine.map((s) => s.rssMiB);
      console.log(
        `| ${dist} | ${phase} | ${median(rss)} | ${Math.min(...rss)}–${Math.max(...rss)} | ${median(mine.map((s) => s.anonMiB))} / ${median(mine.map((s) => s.fileMiB))} | ${rss.join(", ")} | ${median(mine.map((s) => s.readyMs))} |`,
      );
    }
  }
}

await main();
