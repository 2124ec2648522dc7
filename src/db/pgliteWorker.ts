/**
 * Worker-thread entry that owns the embedded PGlite (started by pgliteHost.ts). Postgres runs
 * here, so a slow statement or a checkpoint never stalls the rooms on the main event loop.
 * Also run as a short-lived child process ("initdb" mode) to create a new database: the memory
 * initdb takes is given back to the system only when its process ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import {
  serializeError,
  type PGliteWorkerSettings,
  type Statement,
  type StatementResult,
  type WorkerReady,
  type WorkerReply,
  type WorkerRequest,
} from "./pgliteProtocol.js";
import { applyPGliteWasmFlags } from "./pgliteWasmFlags.js";

interface Channel {
  postMessage(message: unknown): void;
  on(event: "message", listener: (message: WorkerRequest) => void): void;
  close(): void;
}

let port: Channel | null = parentPort;
let settings = workerData as PGliteWorkerSettings;

async function open(): Promise<PGlite> {
  // Before PGlite compiles its WebAssembly module: V8 reads these flags at compile time.
  applyPGliteWasmFlags();
  const options: PGliteOptions = { startParams: settings.startParams };
  return settings.dataDir ? PGlite.create(settings.dataDir, options) : PGlite.create(options);
}

async function main(): Promise<void> {
  let pglite: PGlite;
  try {
    pglite = await open();
  } catch (err) {
    port!.postMessage({ ready: false, error: serializeError(err) } satisfies WorkerReady);
    return;
  }
  if (settings.mode === "initdb") {
    // Created (initdb ran inside PGlite.create). This process then ends, and with it the memory
    // initdb needed (never given back otherwise).
    try {
      await pglite.close();
    } catch (err) {
      port!.postMessage({ ready: false, error: serializeError(err) } satisfies WorkerReady);
      return;
    }
    port!.postMessage({ ready: true } satisfies WorkerReady);
    return;
  }
  port!.postMessage({ ready: true } satisfies WorkerReady);

  // One request at a time, in arrival order.
  let chain = Promise.resolve();
  port!.on("message", (request: WorkerRequest) => {
    chain = chain.then(() => handle(pglite, request));
  });
}

async function handle(pglite: PGlite, request: WorkerRequest): Promise<void> {
  if (request.op === "close") {
    try {
      if (!pglite.closed) await pglite.close();
      port!.postMessage({ id: request.id, ok: true, rows: [], affectedRows: undefined } satisfies WorkerReply);
    } catch (err) {
      port!.postMessage({ id: request.id, ok: false, error: serializeError(err) } satisfies WorkerReply);
    }
    port!.close();
    return;
  }
  if (request.op === "transaction") {
    try {
      const results = await runTransaction(pglite, request.statements);
      port!.postMessage({ id: request.id, ok: true, results } satisfies WorkerReply);
    } catch (err) {
      port!.postMessage({ id: request.id, ok: false, error: serializeError(err) } satisfies WorkerReply);
    }
    return;
  }
  try {
    const result = await pglite.query(request.sql, request.params as unknown[]);
    port!.postMessage({ id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows } satisfies WorkerReply);
  } catch (err) {
    port!.postMessage({ id: request.id, ok: false, error: serializeError(err) } satisfies WorkerReply);
  }
}

/** BEGIN, every statement in order, COMMIT; at the first error ROLLBACK and rethrow it. */
async function runTransaction(pglite: PGlite, statements: readonly Statement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = [];
  await pglite.query("begin");
  try {
    for (const s of statements) {
      const r = await pglite.query(s.sql, s.params as unknown[]);
      results.push({ rows: r.rows, affectedRows: r.affectedRows });
    }
    await pglite.query("commit");
  } catch (err) {
    await pglite.query("rollback").catch(() => {});
    throw err;
  }
  return results;
}

if (parentPort) {
  void main();
} else if (process.send) {
  // Child process (initdb): settings arrive as the first IPC message; the reply goes back the same way.
  const send = process.send.bind(process);
  process.once("message", (message: PGliteWorkerSettings) => {
    settings = message;
    port = {
      postMessage: (m) => void send(m, () => process.disconnect()),
      on: () => {},
      close: () => process.disconnect(),
    };
    void main();
  });
} else {
  throw new Error("pgliteWorker.ts runs only as a worker thread or a child process (see pgliteHost.ts)");
}
