import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider, type Migration } from "kysely";
import pg from "pg";
import { PGliteDialect } from "./pgliteDialect.js";
import { migrations } from "./migrations/index.js";
import type { Database } from "./tables.js";

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** postgres:// URL; unset → embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite folder; "memory" for an in-memory database. */
  dataDir: string;
  poolSize?: number;
}

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Cheap liveness query, bounded in time: rejects when the database does not answer. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Open the database chosen by configuration. Does not migrate (see migrateToLatest). */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let db: Db;
  let kind: DatabaseHandle["kind"];
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // Keep sockets alive so a dead database is noticed instead of hanging forever.
      keepAlive: true,
    });
    // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
    pool.on("error", () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = "postgres";
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    let pglite;
    if (options.dataDir === "memory") {
      pglite = await PGlite.create();
    } else {
      const dir = resolve(options.dataDir, "pglite");
      mkdirSync(dir, { recursive: true });
      pglite = await PGlite.create(dir);
    }
    db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
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
      await db.destroy();
    },
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
