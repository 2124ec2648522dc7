import { matchMaker } from "@colyseus/core";
import type { Redis } from "ioredis";
import type { Logger } from "../../platform/logger.js";
import { importMatches } from "../../services/journal/importer.js";
import { parseEntry, parseStart, type SerialisedEntry, type SerialisedStart } from "../../services/journal/journal.js";
import { JOURNAL_STARTS_KEY, journalStreamKey } from "../../services/journal/redisJournal.js";
import type { MatchStore, ResumableMatchRecord } from "../../services/matchStore.js";
import { TERMINAL_STATUSES, type StoredTable, type TableRegistry } from "../../services/tableRegistry.js";
import { joinError } from "./admission.js";
import { REQUEST_KEY } from "./holdings.js";
import type { JoinOptions } from "../protocol.js";
import { ROOM_STATE_VERSION, roomStateFromMatch, storedRoomState, type StoredRoomState } from "./resume.js";
import type { TableSettings } from "./settings.js";

/**
 * On-demand revival (issue 12 §2): a table that is not loaded in any process (its process shut
 * down or crashed, or it was unloaded) is created again, with the same room id, by the first
 * player who comes back (`joinById`) on whichever process he reaches. The room claims the match
 * in the database with one conditional UPDATE (only an interrupted match, or a live one whose
 * owner's lease lapsed), so a match is never live in two processes at once.
 */

/** Option of a room created by `reviveTable`: the room id to resume. Honoured only from the server itself. */
export const RESUME_KEY = "resumeRoomId";

export interface RevivalDeps {
  tables: TableRegistry;
  store: MatchStore;
  /** The Redis journal's connection (a dead owner's stream for the match is imported first). */
  redis: Redis | undefined;
  processId: string;
  logger: Logger;
}

let deps: RevivalDeps | undefined;

export function installRevival(value: RevivalDeps | undefined): void {
  deps = value;
}

function installed(): RevivalDeps {
  if (!deps) throw new Error("revival is not installed (installRevival runs at start-up)");
  return deps;
}

/** Whether a room by this id is loaded in some process (the matchmaker's listings; shared with Redis). */
async function loadedAnywhere(roomId: string): Promise<boolean> {
  return (await matchMaker.findRoomsByIds([roomId])).has(roomId);
}

/** The Colyseus room type of a stored table. */
function roomNameOf(t: StoredTable): string {
  const state = t.roomState as { roomName?: unknown } | null;
  if (typeof state?.roomName === "string") return state.roomName;
  return t.ranked ? `${t.game}_ranked` : t.game;
}

/** A table revival refused because the match's process still holds it (its lease has not lapsed). */
export class TableBusy extends Error {
  constructor(readonly roomId: string) {
    super(`table ${roomId} is still held by its process; try again in a moment`);
    this.name = "TableBusy";
  }
}

/**
 * Load an unloaded paused or interrupted table into a process (same room id), or find it loaded
 * anywhere. "not_found": no such table, or nothing to resume (it never started); "ended": it has
 * finished, been abandoned or closed. Throws TableBusy when its old process still holds the match.
 */
export async function reviveTable(roomId: string): Promise<"loaded" | "not_found" | "ended"> {
  const { tables, logger } = installed();
  if (await loadedAnywhere(roomId)) return "loaded";
  const t = await tables.get(roomId);
  if (!t) return "not_found";
  if (TERMINAL_STATUSES.includes(t.status)) return "ended";
  if (!t.matchId || t.status === "waiting") return "not_found";
  try {
    await matchMaker.createRoom(roomNameOf(t), { [RESUME_KEY]: roomId });
  } catch (err) {
    // Another player's request revived it meanwhile (the listing is keyed by the room id).
    if (await loadedAnywhere(roomId)) return "loaded";
    const message = err instanceof Error ? err.message : String(err);
    if (message.startsWith("GAME_ENDED")) return "ended";
    if (message.startsWith("TABLE_BUSY")) throw new TableBusy(roomId);
    logger.warn({ roomId, err: message }, "could not revive the table");
    throw err;
  }
  logger.info({ roomId, matchId: t.matchId }, "table revived");
  return "loaded";
}

/** The room id a room is created to resume (only for rooms the server creates, never from a client's options). */
export function resumeRequest(rawOptions: unknown): string | undefined {
  if (!rawOptions || typeof rawOptions !== "object") return undefined;
  const raw = rawOptions as Record<string, unknown>;
  if (REQUEST_KEY in raw) return undefined;
  const id = raw[RESUME_KEY];
  return typeof id === "string" && id ? id : undefined;
}

/**
 * In a room's onCreate: a revival's claimed source and room state (rebuilt from the match for a
 * table stored without one), or nulls for a new table.
 */
export async function resumeSourceFor(
  rawOptions: unknown,
  roomName: string,
  settingsOf: (options: JoinOptions) => TableSettings,
): Promise<{ source: ResumeSource | null; stored: StoredRoomState | null }> {
  const resumeId = resumeRequest(rawOptions);
  if (!resumeId) return { source: null, stored: null };
  const source = await claimForResume(resumeId);
  return { source, stored: source.roomState ?? roomStateFromMatch(source, roomName, settingsOf(source.table.options as JoinOptions)) };
}

/** What a resuming room starts from. `roomState` null: stored before room states existed (rebuilt from the match). */
export interface ResumeSource {
  roomId: string;
  table: StoredTable;
  roomState: StoredRoomState | null;
  match: ResumableMatchRecord;
}

/**
 * Inside the resuming room's onCreate: claim the match for this process (refused with
 * TABLE_BUSY while its old process holds it), import what a dead owner's Redis journal holds
 * beyond the database, and load the stored match.
 */
export async function claimForResume(roomId: string): Promise<ResumeSource> {
  const { tables, store, processId, logger } = installed();
  const table = await tables.get(roomId);
  if (!table?.matchId) throw joinError("BAD_OPTIONS", "no table to resume by this id");
  if (TERMINAL_STATUSES.includes(table.status)) throw joinError("GAME_ENDED", "this game has ended");
  if (!(await store.claimMatch(table.matchId, processId))) {
    const current = await store.loadForResume(table.matchId);
    if (current && current.status !== "live" && current.status !== "interrupted") throw joinError("GAME_ENDED", "this game has ended");
    throw joinError("TABLE_BUSY", "the table is still held by its server; try again in a moment");
  }
  await importRedisJournalOf(table.matchId);
  const match = await store.loadForResume(table.matchId);
  if (!match) throw joinError("BAD_OPTIONS", "the table's match is not stored");
  let roomState: StoredRoomState | null = null;
  if (table.roomState) {
    const parsed = storedRoomState.safeParse(table.roomState);
    if (parsed.success && parsed.data.matchId === table.matchId) roomState = parsed.data;
    else logger.warn({ roomId, version: (table.roomState as { v?: unknown }).v, expected: ROOM_STATE_VERSION }, "stored room state unusable; resuming from the match record");
  }
  return { roomId, table, roomState, match };
}

/**
 * The dead owner's Redis stream of this match (entries acknowledged but not yet in the database):
 * imported now, exactly once by (match_id, seq), then deleted — before the log is read.
 */
async function importRedisJournalOf(matchId: string): Promise<void> {
  const { redis, store, processId, logger } = installed();
  if (!redis) return;
  const raw = await redis.hget(JOURNAL_STARTS_KEY, matchId);
  if (!raw) return;
  let parsed: { owner: string; start: SerialisedStart };
  try {
    parsed = JSON.parse(raw) as { owner: string; start: SerialisedStart };
  } catch {
    await redis.hdel(JOURNAL_STARTS_KEY, matchId);
    return;
  }
  if (parsed.owner === processId) return;
  const rows = await redis.xrange(journalStreamKey(matchId), "-", "+");
  const entries = rows.map(([, fields]) => parseEntry(JSON.parse(fields[1] as string) as SerialisedEntry));
  await importMatches(store, [{ matchId, start: parseStart(parsed.start), entries }], logger, "redis");
  await redis.multi().del(journalStreamKey(matchId)).hdel(JOURNAL_STARTS_KEY, matchId).exec();
}
