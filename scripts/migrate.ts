// Apply pending database migrations and exit (the server also migrates at start-up).
// Usage: `npm run migrate` (source) or `node dist/scripts/migrate.js` (built image).
import { loadConfigFromProcess } from "../src/platform/config.js";
import { migrateToLatest, openDatabase } from "../src/db/database.js";

const config = loadConfigFromProcess();
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(`${handle.kind}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}\n`);
} finally {
  await handle.close();
}
