import type { Db } from "../db/database.js";

/**
 * Tables created over REST (`POST /games`): remembered so both players find a table that has not
 * started yet in `GET /games/me/active` (a started match is found through its `matches` row).
 */

export interface PendingTable {
  roomId: string;
  game: string;
  opponent: "bot" | "open" | "user";
  creatorId: string;
  inviteeId: string | null;
  createdAt: string;
}

export async function rememberGameTable(db: Db, t: Omit<PendingTable, "createdAt">): Promise<void> {
  await db.insertInto("game_tables").values({ room_id: t.roomId, game: t.game, creator_id: t.creatorId, opponent: t.opponent, invitee_id: t.inviteeId }).execute();
}

/** REST tables the user created or is invited to whose room is still open, newest first. */
export async function pendingTables(db: Db, userId: string, roomExists: (roomIds: string[]) => Promise<Set<string>>): Promise<PendingTable[]> {
  const rows = await db
    .selectFrom("game_tables")
    .selectAll()
    .where((eb) => eb.or([eb("creator_id", "=", userId), eb("invitee_id", "=", userId)]))
    .orderBy("created_at", "desc")
    .limit(20)
    .execute();
  const alive = rows.length ? await roomExists(rows.map((r) => r.room_id)) : new Set<string>();
  return rows
    .filter((r) => alive.has(r.room_id))
    .map((r) => ({
      roomId: r.room_id,
      game: r.game,
      opponent: r.opponent,
      creatorId: r.creator_id,
      inviteeId: r.invitee_id,
      createdAt: new Date(r.created_at).toISOString(),
    }));
}
