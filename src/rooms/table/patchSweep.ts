/**
 * Backstop for state changes made outside `commit()` (a hook, a promise continuation or a
 * subclass that changes the state and does not patch). Tables are not polled: a table marks
 * itself when its state starts collecting changes (the schema encoder's change queue goes from
 * empty to non-empty) or when a connection's view of it changes, and ONE process-wide timer,
 * armed only while some table is marked, patches the marked tables that still have something
 * pending SWEEP_MS later (issue 10: 1,250 tables where nothing happens cost no sweep at all).
 * A table that commits right after its change (the usual case) is marked, found clean and
 * dropped: one Set insertion per burst of changes.
 */
const SWEEP_MS = 250;

export interface SweptRoom {
  /** Something is waiting to be patched (state or a client's view). */
  hasPendingChanges(): boolean;
  /** Patch it now. */
  flush(): void;
}

const marked = new Set<SweptRoom>();
let timer: NodeJS.Timeout | null = null;

function sweep(): void {
  timer = null;
  const due = [...marked];
  marked.clear();
  for (const room of due) {
    if (room.hasPendingChanges()) room.flush();
  }
}

function mark(room: SweptRoom): void {
  marked.add(room);
  if (timer) return;
  timer = setTimeout(sweep, SWEEP_MS);
  // The server's sockets keep the process alive; the sweep alone must not.
  timer.unref();
}

/** Tables marked and not swept yet (for tests). */
export function markedTables(): number {
  return marked.size;
}

/** What the stray-change watch reads and hooks in a Colyseus 0.18 room (private fields; checked in test/rooms/idle.test.ts). */
interface RoomInternals {
  _serializer?: { encoder?: { hasChanges?: boolean; root?: ChangeRoot } };
  clients: Iterable<{ view?: { changes?: { size: number } } }>;
}

/** The schema encoder's root: every change of the state is queued through `enqueueChangeTree`. */
interface ChangeRoot {
  changes: { next?: unknown };
  enqueueChangeTree(...args: unknown[]): unknown;
}

export interface StrayChangeWatch {
  /** A connection's StateView gained or lost something (the state itself may not have changed). */
  viewsChanged(): void;
  /** The room goes away: no more marks. */
  stop(): void;
}

/**
 * Watch a Colyseus room (its state already set) for changes that `commit()` did not send;
 * `flush` patches the room. Throws when the encoder is not the one this hook was written for.
 */
export function watchForStrayChanges(room: object, flush: () => void): StrayChangeWatch {
  const root = (room as RoomInternals)._serializer?.encoder?.root;
  if (!root || typeof root.enqueueChangeTree !== "function" || !root.changes) {
    throw new Error("watchForStrayChanges: the room's state encoder has no change queue (is the state set? did @colyseus/schema change?)");
  }
  let watching = true;
  const swept: SweptRoom = { hasPendingChanges: () => watching && pendingChanges(room), flush };
  const enqueue = root.enqueueChangeTree;
  // An own property on this room's root shadows the prototype's method for this room only.
  root.enqueueChangeTree = function (this: ChangeRoot, ...args: unknown[]) {
    if (watching && root.changes.next === undefined) mark(swept);
    return enqueue.apply(this, args);
  };
  // What the new state queued so far is swept once (a change joining a non-empty queue marks nothing).
  mark(swept);
  return {
    viewsChanged: () => {
      if (watching) mark(swept);
    },
    stop: () => {
      watching = false;
      marked.delete(swept);
    },
  };
}

/** Whether a Colyseus room's next broadcastPatch would send anything. */
export function pendingChanges(room: object): boolean {
  const r = room as RoomInternals;
  if (r._serializer?.encoder?.hasChanges) return true;
  for (const client of r.clients) if ((client.view?.changes?.size ?? 0) > 0) return true;
  return false;
}
