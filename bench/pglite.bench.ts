/**
 * Embedded PGlite benchmark (issue 10): memory (RSS) and how long the database stalls the
 * server's event loop, for the way Diwan runs PGlite now (a worker thread, small shared_buffers)
 * and the way it ran before (in the main thread with PGlite's default settings), side by side.
 *
 *   npm run bench:pglite                      (options: --transactions 2000 --concurrency 50 --rows 5 --variants worker,worker-whole)
 *   BENCH_SERVER_DIST=dist npm run bench:pglite   (the "worker" variant from the compiled build, as `npm start` runs it)
 *
 * Each variant runs in a fresh child process, twice: on a new data folder (initdb runs, the way a
 * first start goes) and again on that folder (a restart). Each run prints RSS before the database
 * is opened, after open + migrations, and after a burst of write transactions (a match log's
 * shape: `--rows` inserts of a JSON entry per transaction, `--concurrency` at once), plus the
 * event-loop delay (monitorEventLoopDelay) measured during the burst.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Kysely, sql } from "kysely";
import { parseFlags } from "./lib/args.js";
import { migrateToLatest, type Db } from "../src/db/database.js";
import { PGliteDialect } from "../src/db/pgliteDialect.js";
import { PGLITE_MEMORY_PARAMS } from "../src/db/pgliteHost.js";
import { executeInOneTransaction } from "../src/db/wholeTransaction.js";
import type { Database } from "../src/db/tables.js";

type Variant = "inline-default" | "inline-small" | "worker" | "worker-whole" | "control";
/**
 * "control": no database, the same timer for 3 s: what the machine itself does to a 1 ms timer.
 * "worker-whole": the worker, each transaction sent as ONE request (executeInOneTransaction, the
 * batched match-log writer's way) instead of a round trip per statement.
 */
const VARIANTS: Variant[] = ["control", "inline-default", "inline-small", "worker", "worker-whole"];

interface RunResult {
  variant: Variant;
  phase: "new folder" | "restart";
  rssStartMb: number;
  rssOpenMb: number;
  rssAfterLoadMb: number;
  openMs: number;
  burstMs: number;
  transactionsPerSecond: number;
  /** monitorEventLoopDelay's p99 (null: it took no sample during the burst). */
  loopDelayP99Ms: number | null;
  /** Gaps between runs of a 1 ms interval timer during the burst: p99 and longest. */
  stallP99Ms: number;
  stallMaxMs: number;
  timerRuns: number;
}

const flags = parseFlags();
const TRANSACTIONS = Number(flags.get("transactions") ?? 2000);
const CONCURRENCY = Number(flags.get("concurrency") ?? 50);
const ROWS = Number(flags.get("rows") ?? 5);

const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().rss / 1048576);
};

/** The old way: PGlite in this thread, PGlite's default settings (or ours: "inline-small"). */
async function openInline(dir: string, small: boolean): Promise<{ db: Db; close: () => Promise<void> }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create(dir, small ? { startParams: [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS] } : {});
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, close: () => db.destroy() };
}

async function child(variant: Variant, folder: string, phase: RunResult["phase"]): Promise<void> {
  const rssStartMb = rssMb();
  if (variant === "control") {
    const { gaps, ms } = await timerGaps(() => new Promise<void>((resolve) => setTimeout(resolve, 3000)));
    console.log(JSON.stringify(resultOf(variant, phase, { rssStartMb, rssOpenMb: rssStartMb, rssAfterLoadMb: rssMb(), openMs: 0, burstMs: ms, loopDelayP99Ms: null }, gaps)));
    return;
  }
  const t0 = performance.now();
  let handle: { db: Db; close: () => Promise<void> };
  if (variant === "worker" || variant === "worker-whole") {
    // BENCH_SERVER_DIST=<outDir of `tsc -p tsconfig.build.json`>: the compiled code, whose worker
    // thread runs plain JavaScript (under tsx the worker loads tsx too: ≈ 80 MB more RSS).
    const dist = process.env.BENCH_SERVER_DIST;
    const { openDatabase } = (dist
      ? await import(pathToFileURL(`${dist.replace(/\/$/, "")}/src/db/database.js`).href)
      : await import("../src/db/database.js")) as typeof import("../src/db/database.js");
    const h = await openDatabase({ dataDir: folder });
    handle = { db: h.db, close: () => h.close() };
  } else {
    handle = await openInline(join(folder, "pglite"), variant === "inline-small");
  }
  await migrateToLatest(handle.db);
  const openMs = performance.now() - t0;
  await sql`create table if not exists bench_log (match_id int not null, seq int not null, entry jsonb not null, primary key (match_id, seq))`.execute(handle.db);
  await sql`truncate bench_log`.execute(handle.db);
  const rssOpenMb = rssMb();

  const entry = { kind: "action", seat: 2, action: { type: "play", card: "QS" }, events: [{ type: "trick", winner: 1, points: 17 }], at: new Date().toISOString() };
  let next = 0;
  const writer = async () => {
    while (next < TRANSACTIONS) {
      const match = next++;
      if (variant === "worker-whole") {
        const statements = Array.from({ length: ROWS }, (_, seq) => sql`insert into bench_log (match_id, seq, entry) values (${match}, ${seq}, ${JSON.stringify(entry)}::jsonb)`.compile(handle.db));
        await executeInOneTransaction(handle.db, statements);
        continue;
      }
      await handle.db.transaction().execute(async (tx) => {
        for (let seq = 0; seq < ROWS; seq++) {
          await sql`insert into bench_log (match_id, seq, entry) values (${match}, ${seq}, ${JSON.stringify(entry)}::jsonb)`.execute(tx);
        }
      });
    }
  };
  const { gaps, ms: burstMs, delayP99Ms } = await timerGaps(() => Promise.all(Array.from({ length: CONCURRENCY }, writer)).then(() => {}));
  const rssAfterLoadMb = rssMb();
  await handle.close();
  const result = resultOf(variant, phase, { rssStartMb, rssOpenMb, rssAfterLoadMb, openMs: Math.round(openMs), burstMs, loopDelayP99Ms: delayP99Ms }, gaps);
  console.log(JSON.stringify(result));
}

/**
 * Run `work` while a 1 ms interval notes every gap between its runs. monitorEventLoopDelay alone
 * misses a loop that never comes back to its timers (in-thread PGlite answers in microtasks).
 */
async function timerGaps(work: () => Promise<void>): Promise<{ gaps: number[]; ms: number; delayP99Ms: number | null }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const gaps: number[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  delay.enable();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  delay.disable();
  clearInterval(ticker);
  gaps.push(performance.now() - last);
  gaps.sort((a, b) => a - b);
  return { gaps, ms, delayP99Ms: delay.count > 0 ? delay.percentile(99) / 1e6 : null };
}

function resultOf(
  variant: Variant,
  phase: RunResult["phase"],
  r: Pick<RunResult, "rssStartMb" | "rssOpenMb" | "rssAfterLoadMb" | "openMs" | "burstMs" | "loopDelayP99Ms">,
  gaps: number[],
): RunResult {
  return {
    variant,
    phase,
    ...r,
    burstMs: Math.round(r.burstMs),
    transactionsPerSecond: variant === "control" ? 0 : Math.round((TRANSACTIONS / r.burstMs) * 1000),
    stallP99Ms: gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.99))] ?? 0,
    stallMaxMs: gaps[gaps.length - 1] ?? 0,
    timerRuns: gaps.length,
  };
}

function runChild(variant: Variant, folder: string, phase: RunResult["phase"]): RunResult {
  const out = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", variant, "--folder", folder, "--phase", phase, "--transactions", String(TRANSACTIONS), "--concurrency", String(CONCURRENCY), "--rows", String(ROWS)],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  const line = out.stdout.trim().split("\n").pop() ?? "";
  if (out.status !== 0 || !line.startsWith("{")) throw new Error(`${variant} (${phase}) failed (exit ${out.status}):\n${out.stdout}\n${out.stderr}`);
  console.log(line);
  return JSON.parse(line) as RunResult;
}

async function main(): Promise<void> {
  const childVariant = flags.get("child");
  if (childVariant) {
    await child(childVariant as Variant, flags.get("folder") as string, flags.get("phase") as RunResult["phase"]);
    return;
  }
  console.log(`PGlite: ${TRANSACTIONS} transactions of ${ROWS} inserts, ${CONCURRENCY} at once; each variant in its own process (RSS includes Node + tsx)`);
  const rows: RunResult[] = [];
  const only = flags.get("variants")?.split(",");
  for (const variant of VARIANTS.filter((v) => !only || only.includes(v))) {
    const folder = mkdtempSync(join(tmpdir(), `diwan-pglite-bench-${variant}-`));
    try {
      rows.push(runChild(variant, folder, "new folder"));
      if (variant !== "control") rows.push(runChild(variant, folder, "restart"));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const f = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  console.log("| variant | run | RSS before open (MB) | after open + migrate | after the burst | open (ms) | burst (ms) | tx/s | 1 ms timer: runs, gap p99 / max (ms) | loop delay p99 (ms) |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.variant} | ${r.phase} | ${r.rssStartMb} | ${r.rssOpenMb} | ${r.rssAfterLoadMb} | ${r.openMs} | ${r.burstMs} | ${r.transactionsPerSecond} | ${r.timerRuns}, ${f(r.stallP99Ms)} / ${f(r.stallMaxMs)} | ${r.loopDelayP99Ms === null ? "no sample" : f(r.loopDelayP99Ms)} |`,
    );
  }
}

await main();
