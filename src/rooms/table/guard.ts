/**
 * The table's safety net for unexpected errors in its Colyseus hooks, installed once per room
 * class. Defining `Room.onUncaughtException` did the same per room: Colyseus then wraps
 * onCreate/onJoin/onLeave/onDrop/onReconnect/onDispose, its clock and every message handler
 * of every instance (closures and bound functions: ≈ 1.7 KiB of every table's heap, issue 10).
 * Same behaviour as Colyseus's wrapper: the error is reported, then rethrown (onDispose: not
 * rethrown), for a synchronous throw and a rejected promise alike.
 */

/** What the guard reports to: the room (TableRoom.reportUncaught). */
export interface GuardedRoom {
  reportUncaught(err: unknown, method: string): void;
}

type Hook = (this: GuardedRoom, ...args: unknown[]) => unknown;

/** The hooks Colyseus wrapped, and whether the error goes on to Colyseus after the report. */
const HOOKS: readonly [name: string, rethrow: boolean][] = [
  ["onCreate", true],
  ["onJoin", true],
  ["onLeave", true],
  ["onDrop", true],
  ["onReconnect", true],
  ["onDispose", false],
];

const ORIGINAL = Symbol("guarded hook's original");
const guardedClasses = new WeakSet<object>();

function guard(method: Hook, name: string, rethrow: boolean): Hook {
  const guarded = function (this: GuardedRoom, ...args: unknown[]): unknown {
    try {
      const result = method.apply(this, args);
      if (typeof (result as Promise<unknown> | undefined)?.catch === "function") {
        return (result as Promise<unknown>).catch((err: unknown) => {
          this.reportUncaught(err, name);
          if (rethrow) throw err;
        });
      }
      return result;
    } catch (err) {
      this.reportUncaught(err, name);
      if (rethrow) throw err;
      return undefined;
    }
  };
  Object.defineProperty(guarded, ORIGINAL, { value: method });
  return guarded;
}

/**
 * Wrap the hooks of a room class (the concrete class being constructed), once. Each wrapper calls
 * the class's own resolved hook (a subclass's `super.onJoin()` reaches the base class's plain
 * method, so nothing is reported twice).
 */
export function guardRoomClass(prototype: object): void {
  if (guardedClasses.has(prototype)) return;
  guardedClasses.add(prototype);
  const target = prototype as Record<string, unknown>;
  for (const [name, rethrow] of HOOKS) {
    let method = target[name] as (Hook & { [ORIGINAL]?: Hook }) | undefined;
    if (typeof method !== "function") continue;
    // A parent class constructed first has its own wrapper: wrap what it wraps.
    method = method[ORIGINAL] ?? method;
    Object.defineProperty(prototype, name, { value: guard(method, name, rethrow), writable: true, configurable: true });
  }
}
