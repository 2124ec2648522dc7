import { TableConnection, type OpenRequest } from "./connection.js";

/** The one table this tab is at (a reload re-creates it from the URL with a "resume" request). */
let current: TableConnection | null = null;

export function currentTable(): TableConnection | null {
  return current;
}

/** Opens a table and makes it current; rejects with the join error (shown by the caller). */
export async function openTable(request: OpenRequest): Promise<TableConnection> {
  if (current) await current.leave().catch(() => undefined);
  const connection = new TableConnection(request);
  current = connection;
  await connection.open();
  return connection;
}

/** The connection for a table route: the current one when it matches, else a fresh one. */
export function tableFor(roomId: string, spectate: boolean): TableConnection {
  if (current && current.roomId === roomId) return current;
  current = new TableConnection(spectate ? { kind: "spectate", roomId } : { kind: "resume", roomId });
  void current.open().catch(() => undefined);
  return current;
}
