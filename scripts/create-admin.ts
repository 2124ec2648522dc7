// Create the first admin, or promote an existing account to admin.
// Usage: npm run create-admin -- --email boss@example.com [--password '…'] [--first Sara] [--last Ali]
// The password may come from CREATE_ADMIN_PASSWORD instead (keeps it out of shell history).
// Uses the same DATABASE_URL / DATA_DIR as the server and migrates first.
import { parseArgs } from "node:util";
import { databaseOptionsFrom, migrateToLatest, openDatabase } from "../src/db/database.js";
import { loadConfigFromProcess } from "../src/platform/config.js";
import { AccountService } from "../src/services/accounts.js";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    first: { type: "string", default: "Admin" },
    last: { type: "string", default: "" },
  },
});
const email = values.email?.trim();
const password = values.password ?? process.env.CREATE_ADMIN_PASSWORD ?? undefined;
if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) {
  process.stderr.write("usage: create-admin --email <address> [--password <8+ chars>] [--first <name>] [--last <name>]\n");
  process.exit(64);
}
if (password !== undefined && (password.length < 8 || password.length > 128)) {
  process.stderr.write("the password must be 8 to 128 characters\n");
  process.exit(64);
}

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
  await migrateToLatest(handle.db);
  const accounts = new AccountService(handle.db);
  const { user, created } = await accounts.ensureAdmin(
    password ? { email, password, firstName: values.first ?? "Admin", lastName: values.last ?? "" } : { email },
  );
  process.stdout.write(`${created ? "created" : "promoted"} admin ${user.email} (${user.id})\n`);
} catch (err) {
  process.stderr.write(`create-admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
