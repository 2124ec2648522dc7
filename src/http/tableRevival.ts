import { matchMaker } from "@colyseus/core";
import { reviveTable } from "../rooms/table/revival.js";

/**
 * How the table routes reach rooms (issue 12 contract): the room methods `pauseTable`,
 * `resumeTable` and `deleteTable` through `remoteRoomCall` (any process), and `reviveTable` from
 * src/rooms/table/revival.ts (the resume work) for a table no process holds.
 */

export interface TableActor {
  userId: string;
  admin: boolean;
}

export type TableVerdict = { ok: true } | { ok: false; code: string; message: string };
export type TableMethod = "pauseTable" | "resumeTable" | "deleteTable";
export type Revival = "loaded" | "not_found" | "ended";
export type ReviveTable = (roomId: string) => Promise<Revival>;

/** The room could not be asked (gone meanwhile, its process not answering, or it lacks the method). */
export class TableUnreachable extends Error {
  constructor(
    readonly roomId: string,
    cause: unknown,
  ) {
    super(`table ${roomId} did not answer: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "TableUnreachable";
  }
}

function isVerdict(value: unknown): value is TableVerdict {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return v.ok === true || (v.ok === false && typeof v.code === "string" && typeof v.message === "string");
}

/** Asks a loaded table (wherever it runs) to pause, resume or delete itself on behalf of `by`. */
export async function callTable(roomId: string, method: TableMethod, by: TableActor): Promise<TableVerdict> {
  let answer: unknown;
  try {
    answer = await matchMaker.remoteRoomCall(roomId, method as never, [by]);
  } catch (err) {
    throw new TableUnreachable(roomId, err);
  }
  if (!isVerdict(answer)) throw new TableUnreachable(roomId, new Error(`unexpected answer to ${method}`));
  return answer;
}

/** Whether a room by this id is loaded in some process (the matchmaker's listings, shared with Redis). */
export async function tableLoaded(roomId: string): Promise<boolean> {
  return (await matchMaker.findRoomsByIds([roomId])).has(roomId);
}

/** Loads an unloaded paused or interrupted table into this process (src/rooms/table/revival.ts). */
export const revivalFunction = (): ReviveTable => reviveTable;
