/**
 * Backstop for state changes made outside `commit()` (a hook or a subclass that changes the
 * state and does not patch): ONE process-wide interval looks at every table and patches only
 * those with pending changes, instead of every table patching on its own 250 ms interval
 * (issue 10). Looking costs a few property reads per table; an unchanged table sends nothing.
 */
const SWEEP_MS = 250;

export interface SweptRoom {
  /** Something is waiting to be patched (state or a client's view). */
  hasPendingChanges(): boolean;
  /** Patch it now. */
  flush(): void;
}

const rooms = new Set<SweptRoom>();
let interval: NodeJS.Timeout | null = null;

function sweep(): void {
  for (const room of rooms) {
    if (room.hasPendingChanges()) room.flush();
  }
}

export function watchForStrayChanges(room: SweptRoom): () => void {
  rooms.add(room);
  if (!interval) {
    interval = setInterval(sweep, SWEEP_MS);
    // The server's sockets keep the process alive; the sweep alone must not.
    interval.unref();
  }
  return () => {
    rooms.delete(room);
    if (rooms.size === 0 && interval) {
      clearInterval(interval);
      interval = null;
    }
  };
}

/** What `pendingChanges` reads from a Colyseus 0.18 room (private fields; checked in test/rooms/idle.test.ts). */
interface RoomInternals {
  _serializer?: { encoder?: { hasChanges?: boolean } };
  clients: Iterable<{ view?: { changes?: { size: number } } }>;
}

/** Whether a Colyseus room's next broadcastPatch would send anything. */
export function pendingChanges(room: object): boolean {
  const r = room as RoomInternals;
  if (r._serializer?.encoder?.hasChanges) return true;
  for (const client of r.clients) if ((client.view?.changes?.size ?? 0) > 0) return true;
  return false;
}
