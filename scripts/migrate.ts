// Apply pending database migrations and exit (the server also migrates at start-up).
// Usage: `npm run migrate` (source) or `node dist/scripts/migrate.js` (built image).
import { loadConfigFromProcess } from "../src/platform/config.js";
import { databaseOptionsFrom, migrateToLatest, openDatabase } from "../src/db/database.js";

const config = loadConfigFromProcess();
let handle;
try {
  handle = await openDatabase(databaseOptionsFrom(config));
} catch (err) {
  // E.g. DataDirLockedError: a running server holds the embedded database folder.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(`${handle.kind}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}\n`);
} finally {
  await handle.close();
}
