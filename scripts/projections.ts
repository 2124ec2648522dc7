// The event log's projections (docs/EVENT_STORE.md): list, status, catch-up [NAME], rebuild NAME.
// Usage: `npm run projections -- rebuild league` (source) or `node dist/scripts/projections.js rebuild league`.
import { databaseOptionsFrom, migrateToLatest, openDatabase } from "../src/db/database.js";
import { loadConfigFromProcess } from "../src/platform/config.js";
import { runProjectionsCommand } from "../src/services/projections/cli.js";

const config = loadConfigFromProcess();
let handle;
try {
  handle = await openDatabase(databaseOptionsFrom(config));
} catch (err) {
  // E.g. DataDirLockedError: a running server holds the embedded database folder.
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
let status = 1;
try {
  await migrateToLatest(handle.db);
  status = await runProjectionsCommand(handle.db, process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
} finally {
  await handle.close();
}
process.exit(status);
