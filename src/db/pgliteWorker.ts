/**
 * Worker-thread entry that owns the embedded PGlite (started by pgliteHost.ts). Postgres runs
 * here, so a slow statement or a checkpoint never stalls the rooms on the main event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { serializeError, type PGliteWorkerSettings, type WorkerReady, type WorkerReply, type WorkerRequest } from "./pgliteProtocol.js";

const port = parentPort;
if (!port) throw new Error("pgliteWorker.ts runs only as a worker thread (see pgliteHost.ts)");
const settings = workerData as PGliteWorkerSettings;

async function open(): Promise<PGlite> {
  const options: PGliteOptions = { startParams: settings.startParams };
  if (settings.loadDataDir) options.loadDataDir = new Blob([settings.loadDataDir]);
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
    // Created (initdb ran inside PGlite.create); hand back an in-memory one as a tar. This thread
    // then ends, and with it the memory initdb needed (it is never given back otherwise).
    let dump: ArrayBuffer | null = null;
    try {
      if (!settings.dataDir) dump = await (await pglite.dumpDataDir("none")).arrayBuffer();
      await pglite.close();
    } catch (err) {
      port!.postMessage({ ready: false, error: serializeError(err) } satisfies WorkerReady);
      return;
    }
    port!.postMessage({ ready: true, dump } satisfies WorkerReady, dump ? [dump] : []);
    return;
  }
  port!.postMessage({ ready: true, dump: null } satisfies WorkerReady);

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
  try {
    const result = await pglite.query(request.sql, request.params as unknown[]);
    port!.postMessage({ id: request.id, ok: true, rows: result.rows, affectedRows: result.affectedRows } satisfies WorkerReply);
  } catch (err) {
    port!.postMessage({ id: request.id, ok: false, error: serializeError(err) } satisfies WorkerReply);
  }
}

void main();
