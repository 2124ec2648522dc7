import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import {
  deserializeError,
  type PGliteWorkerSettings,
  type Statement,
  type StatementResult,
  type WorkerReady,
  type WorkerReply,
  type WorkerRequest,
} from "./pgliteProtocol.js";

/** What the Kysely dialect needs from PGlite: an in-thread PGlite instance fits it too. */
export interface PGliteBackend {
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  /** A whole transaction in one request (BEGIN, statements, COMMIT; ROLLBACK on the first error). */
  runTransaction?(statements: readonly Statement[]): Promise<StatementResult[]>;
  close(): Promise<void>;
}

/**
 * Postgres memory settings for the embedded database. PGlite's defaults are server-sized
 * (shared_buffers 128 MB, all of it touched over time inside the WebAssembly memory, which never
 * shrinks); Diwan's tables are small and the operating system caches the files anyway.
 * PGlite touches the whole buffer pool when it starts: 16 → 8 MB took the WebAssembly memory in
 * use at open from 29.9 to 21.7 MiB, with the same bench:pglite throughput (docs/CAPACITY.md, PGlite).
 */
export const PGLITE_MEMORY_PARAMS: readonly string[] = ["-c", "shared_buffers=8MB", "-c", "temp_buffers=1MB"];

/** An error like a lost Postgres connection (SQLSTATE class 08), so isDatabaseUnavailable knows it. */
class EmbeddedDatabaseGone extends Error {
  readonly code: string;
  constructor(message: string, code: "08003" | "08006") {
    super(message);
    this.name = "EmbeddedDatabaseGone";
    this.code = code;
  }
}

const OWN_EXTENSION = extname(fileURLToPath(import.meta.url));
const WORKER_URL = new URL(`./pgliteWorker${OWN_EXTENSION}`, import.meta.url);

/** URL of a tsx entry point's ESM file, read from tsx's package.json exports (dev and tests only). */
function tsxFile(entry: "." | "./esm/api"): string {
  const packageJson = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = (JSON.parse(readFileSync(packageJson, "utf8")) as { exports: Record<string, string | { import: { default: string } }> }).exports;
  const target = exports[entry];
  if (target === undefined) throw new Error(`tsx has no export ${entry}`);
  return pathToFileURL(join(dirname(packageJson), typeof target === "string" ? target : target.import.default)).href;
}

function spawn(settings: PGliteWorkerSettings): Worker {
  const options = { workerData: settings, name: `pglite-${settings.mode}` };
  if (OWN_EXTENSION !== ".ts") return new Worker(WORKER_URL, options);
  // Running the TypeScript sources (tests, benches under tsx): Node 20 does not give worker
  // threads the parent's --import loader, so the worker registers tsx itself before loading.
  const code = `import(${JSON.stringify(tsxFile("./esm/api"))}).then((api) => { api.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(code, { ...options, eval: true });
}

/** Run initdb on a new folder in a child process (its memory ends with it). */
function initdbInChildProcess(settings: PGliteWorkerSettings): Promise<WorkerReady> {
  const execArgv = OWN_EXTENSION === ".ts" ? ["--import", tsxFile(".")] : [];
  const child = fork(fileURLToPath(WORKER_URL), [], { execArgv, serialization: "advanced", stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise<WorkerReady>((resolve, reject) => {
    let reply: WorkerReady | null = null;
    child.once("message", (m: WorkerReady) => (reply = m));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (reply) resolve(reply);
      else reject(new EmbeddedDatabaseGone(`creating the embedded database failed (exit ${code ?? signal}): ${stderr.trim()}`, "08006"));
    });
    child.send(settings);
  });
}

/** The worker's first message (ready or failed), or its death before that. */
function firstMessage(worker: Worker): Promise<WorkerReady> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerReady) => {
      cleanup();
      resolve(m);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new EmbeddedDatabaseGone(`the embedded database thread exited (code ${code}) while starting`, "08006"));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/**
 * Start PGlite in a worker thread. A new database folder is first created by initdb in a
 * short-lived child process: initdb's memory (≈ 450 MB that the WebAssembly runtime never returns,
 * and that a thread would leave behind in the allocator) goes away with that process instead of
 * staying in the server for its whole life. dataDir null: an in-memory database (tests), which the
 * worker creates itself, initdb included (faster; its footprint is not a production concern).
 */
export async function startPGliteWorker(dataDir: string | null): Promise<PGliteWorkerClient> {
  const { PGlite } = await import("@electric-sql/pglite");
  const startParams = [...PGlite.defaultStartParams, ...PGLITE_MEMORY_PARAMS];
  if (dataDir !== null && !existsSync(join(dataDir, "PG_VERSION"))) {
    const done = await initdbInChildProcess({ dataDir, startParams, mode: "initdb" });
    if (!done.ready) throw deserializeError(done.error);
  }
  const worker = spawn({ dataDir, startParams, mode: "serve" });
  const ready = await firstMessage(worker).catch(async (err: unknown) => {
    await worker.terminate();
    throw err;
  });
  if (!ready.ready) {
    await worker.terminate();
    throw deserializeError(ready.error);
  }
  return new PGliteWorkerClient(worker);
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** Main-thread handle on the PGlite worker: requests go out in order, replies come back by id. */
export class PGliteWorkerClient implements PGliteBackend {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private gone: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly worker: Worker) {
    // Only a request in flight keeps the process alive (see send).
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiter.resolve(reply);
    });
    worker.on("error", (err) => this.lost(new EmbeddedDatabaseGone(`the embedded database thread failed: ${err.message}`, "08006")));
    worker.on("exit", (code) => this.lost(new EmbeddedDatabaseGone(`the embedded database thread exited (code ${code})`, "08006")));
  }

  get closed(): boolean {
    return this.gone !== null || this.closing !== null;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<{ rows: R[]; affectedRows?: number }> {
    if (this.closing) throw new EmbeddedDatabaseGone("the embedded database is closed", "08003");
    const reply = await this.send({ op: "query", sql, params });
    if (!reply.ok) throw deserializeError(reply.error);
    if (!("rows" in reply)) throw new Error("the embedded database answered a query with several results");
    return { rows: reply.rows as R[], ...(reply.affectedRows !== undefined ? { affectedRows: reply.affectedRows } : {}) };
  }

  async runTransaction(statements: readonly Statement[]): Promise<StatementResult[]> {
    if (this.closing) throw new EmbeddedDatabaseGone("the embedded database is closed", "08003");
    const reply = await this.send({ op: "transaction", statements });
    if (!reply.ok) throw deserializeError(reply.error);
    if (!("results" in reply)) throw new Error("the embedded database answered a transaction with a single result");
    return reply.results;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.gone) return;
      const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
      const reply = await this.send({ op: "close" });
      this.worker.ref(); // until the thread has ended
      await exited;
      if (!reply.ok) throw deserializeError(reply.error);
    })();
    return this.closing;
  }

  private send(request: WithoutId<WorkerRequest>): Promise<WorkerReply> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }

  private lost(err: Error): void {
    this.gone ??= err;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(err);
  }
}
