/**
 * Backstop for state changes made outside `commit()` (a hook, a promise continuation or a
 * subclass that changes the state and does not patch). Tables are not polled: a table marks
 * itself when its state starts collecting changes (the schema encoder's change queue goes from
 * empty to non-empty) or when a connection's view of it changes, and ONE process-wide timer,
 * armed only while some table is marked, patches the marked tables that still have something
 * pending SWEEP_MS later (issue 10: 1,250 tables where nothing happens cost no sweep at all).
 * A table that commits right after its change (the usual case) is marked, found clean and
 * dropped: one array push per burst of changes (a flag on the table says it is in; a promoted
 * Set filled and cleared per sweep would allocate its hash tables straight in old space).
 */
const SWEEP_MS = 250;

export interface SweptRoom {
  /** Something is waiting to be patched (state or a client's view). */
  hasPendingChanges(): boolean;
  /** Patch it now. */
  flush(): void;
}

/** The tables marked since the last sweep, each once (`RoomWatch.marked`); swapped with `sweeping` per sweep. */
let marked: RoomWatch[] = [];
/** The tables the running sweep patches (empty between sweeps; reused, not reallocated). */
let sweeping: RoomWatch[] = [];
let timer: NodeJS.Timeout | null = null;

function sweep(): void {
  timer = null;
  const due = marked;
  marked = sweeping;
  sweeping = due;
  for (const room of due) room.marked = false;
  try {
    // A table flushed here may be marked again: it goes into the other array, for the next sweep.
    for (const room of due) {
      if (room.hasPendingChanges()) room.flush();
    }
  } finally {
    // Popped, not `length = 0`, which would drop the backing store and allocate a new one next time.
    while (due.length > 0) due.pop();
  }
}

function mark(room: RoomWatch): void {
  if (room.marked) return;
  room.marked = true;
  marked.push(room);
  if (timer) return;
  timer = setTimeout(sweep, SWEEP_MS);
  // The server's sockets keep the process alive; the sweep alone must not.
  timer.unref();
}

/** Tables marked and not swept yet (for tests). */
export function markedTables(): number {
  return marked.length;
}

/** What the stray-change watch reads and hooks in a Colyseus 0.18 room (private fields; checked in test/rooms/idle.test.ts). */
interface RoomInternals {
  _serializer?: { encoder?: { hasChanges?: boolean; root?: ChangeRoot } };
  clients: Iterable<{ view?: { changes?: { size: number } } }>;
}

/** The schema encoder's root: every change of the state is queued through `enqueueChangeTree`. */
interface ChangeRoot {
  changes: { next?: unknown };
  enqueueChangeTree(changeTree: unknown, existingNode?: unknown): unknown;
  /** Free list of change-queue nodes (`{ changeTree, prev, next, position }`, no room affinity). */
  _nodePool?: unknown[] | SharedNodePool;
}

/**
 * One free list of change-queue nodes for every table's state. @colyseus/schema gives each
 * Root its own pool, which keeps as many nodes as the table's biggest patch had changes (≈ 30
 * for Baloot: ≈ 2 KiB of every idle table's heap, issue 10). A node carries no queue or room
 * affinity (the Root clears it on release and sets every field on reuse) and the process has one
 * thread, so the tables can share one. It keeps at most SHARED_POOL_MAX nodes: a new state
 * queues its whole tree before it is watched (those nodes come from the Root's own, empty, pool)
 * and releases them here after its first patch, so an uncapped pool would grow by a table's
 * worth for every table ever created. The Root reads `length` and calls `pop()` and `push()`.
 */
const SHARED_POOL_MAX = 1024;

class SharedNodePool {
  private readonly nodes: unknown[] = [];

  get length(): number {
    return this.nodes.length;
  }

  pop(): unknown {
    return this.nodes.pop();
  }

  /** A node released beyond the cap is left to the garbage collector. */
  push(node: unknown): number {
    if (this.nodes.length < SHARED_POOL_MAX) this.nodes.push(node);
    return this.nodes.length;
  }
}

const sharedNodePool = new SharedNodePool();

/** Give the root the process-wide node pool (a root without an array pool of its own is left alone). */
function shareNodePool(root: ChangeRoot): void {
  const own = root._nodePool;
  if (!Array.isArray(own)) return;
  for (const node of own) sharedNodePool.push(node);
  root._nodePool = sharedNodePool;
}

/** Nodes waiting in the shared pool (for tests). */
export function sharedPoolSize(): number {
  return sharedNodePool.length;
}

export interface StrayChangeWatch {
  /** A connection's StateView gained or lost something (the state itself may not have changed). */
  viewsChanged(): void;
  /** The room goes away: no more marks. */
  stop(): void;
}

/** What the watch asks to patch the room: a function, or an object with `commit()` (no closure per table then). */
export type StrayChangeFlush = (() => void) | { commit(): void };

/** The roots being watched, each with its room's watch (read by the one shared queue hook below). */
const watchedRoots = new WeakMap<ChangeRoot, RoomWatch>();
/** Root classes whose `enqueueChangeTree` marks watched roots' tables (hooked once per class, not per room). */
const hookedRootClasses = new WeakSet<object>();

/** One room's watch: it is both what the sweep patches and what the room is handed back. */
class RoomWatch implements SweptRoom, StrayChangeWatch {
  watching = true;
  /** In `marked`, waiting for the next sweep. */
  marked = false;

  constructor(
    private readonly room: object,
    private readonly flusher: StrayChangeFlush,
  ) {}

  hasPendingChanges(): boolean {
    return this.watching && pendingChanges(this.room);
  }

  flush(): void {
    if (typeof this.flusher === "function") this.flusher();
    else this.flusher.commit();
  }

  viewsChanged(): void {
    if (this.watching) mark(this);
  }

  stop(): void {
    this.watching = false;
    if (!this.marked) return;
    this.marked = false;
    // Rare (the room goes away): spliced so the others keep their order.
    marked.splice(marked.indexOf(this), 1);
  }
}

/**
 * Mark a watched root's table when its change queue goes from empty to non-empty: the class's
 * `enqueueChangeTree` is wrapped once (roots that are not watched pass straight through).
 */
function hookRootClass(root: ChangeRoot): void {
  const proto = Object.getPrototypeOf(root) as ChangeRoot | null;
  if (!proto || hookedRootClasses.has(proto)) return;
  const enqueue = proto.enqueueChangeTree;
  proto.enqueueChangeTree = function (this: ChangeRoot, changeTree: unknown, existingNode?: unknown) {
    // Only the first change into an empty queue is looked up (a burst of changes marks once).
    if (this.changes.next === undefined) {
      const watch = watchedRoots.get(this);
      if (watch?.watching) mark(watch);
    }
    // An undefined `existingNode` takes the method's default (the tree's current node), as before.
    return enqueue.call(this, changeTree, existingNode);
  };
  hookedRootClasses.add(proto);
}

/**
 * Watch a Colyseus room (its state already set) for changes that `commit()` did not send;
 * `flush` patches the room. Throws when the encoder is not the one this hook was written for.
 */
export function watchForStrayChanges(room: object, flush: StrayChangeFlush): StrayChangeWatch {
  const root = (room as RoomInternals)._serializer?.encoder?.root;
  if (!root || typeof root.enqueueChangeTree !== "function" || !root.changes) {
    throw new Error("watchForStrayChanges: the room's state encoder has no change queue (is the state set? did @colyseus/schema change?)");
  }
  shareNodePool(root);
  hookRootClass(root);
  const watch = new RoomWatch(room, flush);
  watchedRoots.set(root, watch);
  // What the new state queued so far is swept once (a change joining a non-empty queue marks nothing).
  mark(watch);
  return watch;
}

/** Whether a Colyseus room's next broadcastPatch would send anything. */
export function pendingChanges(room: object): boolean {
  const r = room as RoomInternals;
  if (r._serializer?.encoder?.hasChanges) return true;
  for (const client of r.clients) if ((client.view?.changes?.size ?? 0) > 0) return true;
  return false;
}
