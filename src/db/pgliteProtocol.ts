/**
 * Messages between the main thread and the PGlite worker thread (pgliteWorker.ts). The worker
 * runs requests one after another in the order they arrive, so a connection that sends a
 * transaction's statements in order gets them run in order; a "transaction" request runs a whole
 * transaction in one round trip (the batched match-log writer's), so it never waits for the main
 * thread between its statements.
 */

/** Settings the worker starts PGlite with (see pgliteHost.ts for the defaults and why). */
export interface PGliteWorkerSettings {
  /** Folder of the database; null keeps it in memory. */
  dataDir: string | null;
  /** Postgres start parameters (PGlite's defaults plus our memory settings). */
  startParams: string[];
  /** "serve": open and answer queries; "initdb": create the folder and exit. */
  mode: "serve" | "initdb";
}

/** One statement of a whole-transaction request. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** What one statement returned. */
export interface StatementResult {
  rows: unknown[];
  affectedRows: number | undefined;
}

export type WorkerRequest =
  | { id: number; op: "query"; sql: string; params: readonly unknown[] }
  /**
   * A whole transaction in one round trip: the worker runs BEGIN, the statements in order and
   * COMMIT, or ROLLBACK at the first error (which is the reply). Nothing else runs in between.
   */
  | { id: number; op: "transaction"; statements: readonly Statement[] }
  | { id: number; op: "close" };

/** A Postgres error's fields (DatabaseError from pg-protocol), copied so they survive postMessage. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, string | number | undefined>;
}

export type WorkerReply =
  | { id: number; ok: true; rows: unknown[]; affectedRows: number | undefined }
  | { id: number; ok: true; results: StatementResult[] }
  | { id: number; ok: false; error: SerializedError };

/** Sent once by a "serve" worker when PGlite is open, or by an "initdb" child when done. */
export type WorkerReady = { ready: true } | { ready: false; error: SerializedError };

const ERROR_FIELDS = [
  "code",
  "severity",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err), fields: {} };
  const fields: SerializedError["fields"] = {};
  for (const key of ERROR_FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (typeof value === "string" || typeof value === "number") fields[key] = value;
  }
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), fields };
}

/** An Error carrying the Postgres fields (code, constraint, ...) like the one PGlite threw in the worker. */
export function deserializeError(e: SerializedError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  Object.assign(err, e.fields);
  return err;
}
