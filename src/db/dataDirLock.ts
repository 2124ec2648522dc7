import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { HOST, PROCESS_STARTED_AT, holderIsAlive } from "../platform/processInfo.js";

/** Who holds a PGlite data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

/** A second process tried to open a PGlite directory another live process holds. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the database folder ${dir} is in use by process ${holder.pid} on ${holder.host} (started ${holder.startedAt}: ${holder.command}); ` +
        "stop that process first, or point DATA_DIR somewhere else",
    );
    this.name = "DataDirLockedError";
  }
}

const LOCK_FILE = "diwan.lock";

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    if (typeof parsed.pid !== "number" || typeof parsed.host !== "string" || typeof parsed.startedAt !== "string") return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: parsed.startedAt, command: String(parsed.command ?? "") };
  } catch {
    return null;
  }
}

/**
 * Take the directory's lock file or throw DataDirLockedError naming the holder. PGlite is one
 * Postgres backend in this process: two processes on one folder silently lose each other's writes.
 * A lock left by a dead process (crash, kill -9) is taken over. Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: HOST,
    startedAt: PROCESS_STARTED_AT.toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
  };
  // Write the record in full to a private file, then link it into place: link fails if the lock
  // exists, so no reader ever sees a half-written lock and two takers cannot both win.
  const temp = join(dir, `${LOCK_FILE}.${process.pid}.${Date.now()}`);
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, path);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3) throw err;
      }
      const holder = readHolder(path);
      if (holder && holderIsAlive(holder)) throw new DataDirLockedError(dir, holder);
      // Stale (its process is gone) or unreadable (it died while the lock was being replaced).
      try {
        unlinkSync(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
  } finally {
    unlinkSync(temp);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const holder = readHolder(path);
    if (holder && holder.pid === me.pid && holder.startedAt === me.startedAt) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", release);
  return release;
}
