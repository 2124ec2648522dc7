import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider, type Migration, type PostgresPool, type PostgresPoolClient } from "kysely";
import pg from "pg";
import { lockDataDir } from "./dataDirLock.js";
import { DatabaseTimeoutError } from "./errors.js";
import { instrumentDialect, type DbMetrics } from "./instrumentation.js";
import { PGliteDialect } from "./pgliteDialect.js";
import { startPGliteWorker } from "./pgliteHost.js";
import { migrations } from "./migrations/index.js";
import type { Database } from "./tables.js";

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres:// URL; unset → embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite folder; "memory" for an in-memory database. */
  dataDir: string;
  poolSize?: number;
  /** Opening a new Postgres connection (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Waiting for a free connection: the pg pool, or PGlite's one-at-a-time queue (default 5000 ms). */
  acquireTimeoutMs?: number;
  /** One statement: Postgres statement_timeout, and a client-side read timeout a little later (default 10000 ms). */
  statementTimeoutMs?: number;
  /** Statement counts, durations and connection waits (spans are recorded whenever tracing is on). */
  metrics?: DbMetrics;
}

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Cheap liveness query, bounded in time: rejects when the database does not answer. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The database settings of a Config (server and scripts open the database the same way). */
export function databaseOptionsFrom(config: {
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  databaseAcquireTimeoutMs: number;
  databaseStatementTimeoutMs: number;
}): DatabaseOptions {
  return {
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    acquireTimeoutMs: config.databaseAcquireTimeoutMs,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
  };
}

/** Open the database chosen by configuration. Does not migrate (see migrateToLatest). */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let db: Db;
  let kind: DatabaseHandle["kind"];
  let releaseLock: (() => void) | undefined;
  if (options.databaseUrl) {
    const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // pg-pool bounds both the wait for a free client and the connect of a new one with this.
      connectionTimeoutMillis: Math.max(options.connectTimeoutMs ?? 5000, options.acquireTimeoutMs ?? 5000),
      // The server cancels a slow statement; the client gives up a little later on a silent socket.
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs + 1000,
      // Keep sockets alive so a dead database is noticed instead of hanging forever.
      keepAlive: true,
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
    pool.on("error", () => {});
    db = new Kysely<Database>({
      dialect: instrumentDialect(new PostgresDialect({ pool: boundedPool(pool, options.acquireTimeoutMs ?? 5000) }), { system: "postgresql", metrics: options.metrics }),
    });
    kind = "postgres";
  } else {
    // PGlite runs in a worker thread (pgliteHost.ts): its queries never stall the rooms' event loop.
    let pglite;
    if (options.dataDir === "memory") {
      pglite = await startPGliteWorker(null);
    } else {
      const dir = resolve(options.dataDir, "pglite");
      mkdirSync(dir, { recursive: true });
      // One process per folder: a second one would silently lose the first one's writes.
      releaseLock = lockDataDir(dir);
      try {
        pglite = await startPGliteWorker(dir);
      } catch (err) {
        releaseLock();
        throw err;
      }
    }
    db = new Kysely<Database>({
      dialect: instrumentDialect(new PGliteDialect(pglite, { acquireTimeoutMs: options.acquireTimeoutMs ?? 5000 }), { system: "postgresql", metrics: options.metrics }),
    });
    kind = "pglite";
  }
  return {
    db,
    kind,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      try {
        await db.destroy();
      } finally {
        releaseLock?.();
      }
    },
  };
}

/**
 * pg.Pool with a bound on waiting for a client, and clients whose read timed out thrown away
 * (pg leaves the timed-out query on the connection: reusing it would queue behind a dead socket).
 */
function boundedPool(pool: pg.Pool, acquireTimeoutMs: number): PostgresPool {
  return {
    async connect() {
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const acquiring = pool.connect();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new DatabaseTimeoutError("acquiring a database connection", acquireTimeoutMs));
        }, acquireTimeoutMs);
      });
      // A client that arrives after we gave up goes straight back.
      void acquiring.then((c) => timedOut && c.release(), () => {});
      try {
        return withBrokenClientRelease(await Promise.race([acquiring, timeout]));
      } finally {
        clearTimeout(timer);
      }
    },
    end: () => pool.end(),
  };
}

const guardedClients = new WeakSet<pg.PoolClient>();

function withBrokenClientRelease(client: pg.PoolClient): PostgresPoolClient {
  // A checked-out client whose socket dies emits 'error'; its query already failed, and without a
  // listener the event would crash the process.
  if (!guardedClients.has(client)) {
    guardedClients.add(client);
    client.on("error", () => {});
  }
  let broken = false;
  return {
    // Kysely calls query(sql, parameters) (and query(cursor) for streams, passed through as is).
    query: ((text: string | pg.Submittable, values?: readonly unknown[]) => {
      if (typeof text !== "string") return client.query(text);
      const result = client.query(text, values as unknown[]);
      result.catch((err: unknown) => {
        if (err instanceof Error && /Query read timeout/.test(err.message)) broken = true;
      });
      return result;
    }) as unknown as PostgresPoolClient["query"],
    release: () => client.release(broken ? new Error("query read timeout: connection discarded") : undefined),
  };
}

class CodeMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Apply every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? "(unknown)"} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
