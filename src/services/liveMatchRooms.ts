/**
 * The rooms of this process's live matches, by match id. A match's row reaches the database a
 * moment after its start (the batched log writer, logWriter.ts); until then the live box score
 * route finds the room here, so `state.matchId` answers `GET /matches/:id/boxscore` from the
 * start (PROTOCOL §3) on the process that runs the table.
 */
const rooms = new Map<string, string>();

export const liveMatchRooms = {
  add(matchId: string, roomId: string): void {
    rooms.set(matchId, roomId);
  },
  delete(matchId: string): void {
    rooms.delete(matchId);
  },
  roomOf(matchId: string): string | undefined {
    return rooms.get(matchId);
  },
};
