import type { Config } from "../../platform/config.js";
import { joinError } from "./admission.js";
import { RESERVED_CAPACITY_SHARE, tableHoldings } from "./holdings.js";

/** Rooms created by this process, for MAX_ROOMS (a per-process limit, like the memory it protects). */
let localTables = 0;

/** MAX_ROOMS: refuse a new table when this process is at its limit. */
export function checkRoomLimit(config: Pick<Config, "maxRooms">): void {
  if (localTables >= config.maxRooms) {
    throw joinError("ROOM_LIMIT", `this server is at its limit of ${config.maxRooms} tables; try again shortly`);
  }
}

/** The last tables of this process are kept for players who hold none (issue 8, item 11). */
export async function checkReservedCapacity(config: Pick<Config, "maxRooms">, creator: string | undefined): Promise<void> {
  const reserve = Math.floor(config.maxRooms * RESERVED_CAPACITY_SHARE);
  if (creator && reserve > 0 && localTables >= config.maxRooms - reserve && (await tableHoldings().current(creator)).tables.length > 0) {
    throw joinError("ROOM_LIMIT", `this server keeps its last ${reserve} tables for players without a table; finish or leave yours first`);
  }
}

/** A table of this process opens (+1) or closes (-1). */
export function countLocalTable(delta: 1 | -1): void {
  localTables += delta;
}
