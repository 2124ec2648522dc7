import { migrateToLatest, openDatabase, type DatabaseHandle } from "../../src/db/database.js";
import type { Metrics } from "../../src/platform/metrics.js";
import { TEST_DATABASE_URL } from "./env.js";

/** The two databases a store is tested on: the embedded PGlite (in memory) and Postgres (DATABASE_URL). */
export const BACKENDS = ["pglite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

/**
 * In a `before` hook: the backend's database, migrated. Postgres without DATABASE_URL skips the
 * suite with a printed reason (.ci/run sets it).
 */
export async function openMigrated(ctx: Mocha.Context, backend: Backend, metrics?: Metrics): Promise<DatabaseHandle> {
  if (backend === "postgres" && !TEST_DATABASE_URL) {
    console.log("      (skipped: DATABASE_URL is not set; .ci/run sets it)");
    ctx.skip();
  }
  const handle = await openDatabase({ databaseUrl: backend === "postgres" ? TEST_DATABASE_URL : undefined, dataDir: "memory", metrics });
  await migrateToLatest(handle.db);
  return handle;
}
