import { randomInt } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db/database.js";

/**
 * Names shared across processes: private-table join codes (in the database, so a Redis restart
 * cannot lose them; issue 8 item 13) and the rooms whose games have ended (presence). Rooms
 * write them; HTTP routes read them.
 */
export const ENDED_ROOMS_PREFIX = "diwan:ended:";

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A short join code for a private table (6 characters ≈ 887 million codes). */
export function generateJoinCode(length = 6): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function normaliseJoinCode(input: string): string {
  return input.trim().toUpperCase();
}

/** Thrown when no free code could be found (practically never: 887 million codes). */
export class JoinCodeExhaustedError extends Error {
  constructor() {
    super("could not allocate a join code");
    this.name = "JoinCodeExhaustedError";
  }
}

interface Directory {
  db: Db;
  processId: () => string;
}
let directory: Directory | undefined;
/** Codes of this process's open tables, so they can be put back if a sweep removed them. */
const ownCodes = new Map<string, string>();
/** Codes of closed tables whose deletion failed (database away): retried in the background. */
const releaseLater = new Set<string>();

/** Installed once at start-up by the server assembly (rooms are built by Colyseus, not by us). */
export function installTableDirectory(value: Directory | undefined): void {
  directory = value;
  ownCodes.clear();
  releaseLater.clear();
}

function installed(): Directory {
  if (!directory) throw new Error("table directory is not installed (installTableDirectory must run first)");
  return directory;
}

/** Give a private table a fresh join code (unique across every process). */
export async function reserveJoinCode(roomId: string): Promise<string> {
  const { db, processId } = installed();
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = generateJoinCode();
    const inserted = await db
      .insertInto("join_codes")
      .values({ code, room_id: roomId, process_id: processId() })
      .onConflict((oc) => oc.column("code").doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      ownCodes.set(code, roomId);
      return code;
    }
  }
  throw new JoinCodeExhaustedError();
}

/** The room a join code opens, or null. */
export async function findRoomByJoinCode(code: string): Promise<string | null> {
  const row = await installed()
    .db.selectFrom("join_codes")
    .select("room_id")
    .where("code", "=", normaliseJoinCode(code))
    .executeTakeFirst();
  return row?.room_id ?? null;
}

/** The table closed: its code may be reused. */
export async function releaseJoinCode(code: string): Promise<void> {
  ownCodes.delete(code);
  try {
    await installed().db.deleteFrom("join_codes").where("code", "=", code).execute();
  } catch (err) {
    releaseLater.add(code);
    throw err;
  }
}

/**
 * Background upkeep of this process's codes: delete those of closed tables that could not be
 * deleted at the time, and put back those of open tables (after a database outage long enough
 * for another process to take this one for dead and delete them). A no-op normally.
 */
export async function reassertJoinCodes(): Promise<void> {
  if (!directory) return;
  if (releaseLater.size > 0) {
    const codes = [...releaseLater];
    await directory.db.deleteFrom("join_codes").where("code", "in", codes).execute();
    for (const code of codes) releaseLater.delete(code);
  }
  if (ownCodes.size === 0) return;
  const processId = directory.processId();
  await directory.db
    .insertInto("join_codes")
    .values([...ownCodes].map(([code, roomId]) => ({ code, room_id: roomId, process_id: processId })))
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
}

/** Codes of processes whose lease lapsed (crashed): their tables are gone. */
export async function releaseCodesOfDeadProcesses(db: Db): Promise<number> {
  const result = await db
    .deleteFrom("join_codes")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("process_leases")
            .select(sql`1`.as("one"))
            .whereRef("process_leases.process_id", "=", "join_codes.process_id")
            .where("process_leases.lease_until", ">", sql<Date>`now()`),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
