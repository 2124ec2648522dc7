import { Room } from "@colyseus/core";

/**
 * Colyseus's `Room.__init` (run by the matchmaker before onCreate) turns five properties of
 * each room, data fields until then, into accessors of that room (`Object.defineProperties`
 * with getters and setters closed over the room's private fields). V8 cannot keep an object
 * in fast mode through that (a data field reconfigured as an accessor; and each room's
 * accessor pair differs), so every room became a dictionary-mode object: 59 properties in a
 * 128-entry dictionary, 3.1 KiB of every table's heap (issue 10, heap per table).
 *
 * Here the five accessors live on the table class's prototype instead, once. Each forwards to
 * the room's own Colyseus getter or setter, captured when `__init` defines them (they are kept
 * in one array on the room, in place of being defined on it), so reads and writes run the same
 * Colyseus code as before; values assigned before `__init` (Room's constructor sets four of
 * them) are held until then and read by `__init` through the same accessors. If Colyseus
 * defines anything other than these five, its call goes through unchanged (the room is then
 * a dictionary-mode object again, as before).
 */
const NAMES = ["state", "maxClients", "autoDispose", "patchRate", "unreliablePatchRate"] as const;

/** The room members used here (own properties made by the accessors below). */
interface AccessorRoom {
  /** Colyseus's getter and setter of each name (getter at 2i, setter at 2i + 1); null before `__init`. */
  _colyseusAccessors?: ((value?: unknown) => unknown)[] | null;
  /** Values assigned before `__init`, by name index. */
  _earlyValues?: unknown[] | null;
}
type Descriptors = Record<string, PropertyDescriptor>;
const colyseus = Room.prototype as unknown as { __init(this: object): void };

/** Colyseus's getters and setters from its `defineProperties` argument, or null when it defines anything else. */
function capture(props: Descriptors): ((value?: unknown) => unknown)[] | null {
  const keys = Reflect.ownKeys(props);
  if (keys.length !== NAMES.length) return null;
  const out: ((value?: unknown) => unknown)[] = [];
  for (const name of NAMES) {
    const d = props[name];
    if (!d || typeof d.get !== "function" || typeof d.set !== "function" || d.enumerable !== true) return null;
    out.push(d.get as () => unknown, d.set as (value?: unknown) => unknown);
  }
  return out;
}

/** The room's `__init`: Colyseus's, with its accessor definition on the room captured instead of applied. */
function initWithSharedAccessors(this: AccessorRoom & object): void {
  initCapturing(this);
}

function initCapturing(room: AccessorRoom & object): void {
  const define = Object.defineProperties;
  const intercept = function (target: object, props: Descriptors): object {
    const captured = target === room && !room._colyseusAccessors ? capture(props) : null;
    if (!captured) return define(target, props);
    room._colyseusAccessors = captured;
    room._earlyValues = null;
    return target;
  };
  // Only for the synchronous call below (Colyseus's `__init` has no await); always restored.
  Object.defineProperties = intercept as typeof Object.defineProperties;
  try {
    colyseus.__init.call(room);
  } finally {
    Object.defineProperties = define;
  }
}

/** Installs the shared accessors and the capturing `__init` on a room class's prototype (before any room of it is made). */
export function shareRoomAccessors(prototype: object): void {
  NAMES.forEach((name, i) => {
    Object.defineProperty(prototype, name, {
      configurable: true,
      enumerable: false,
      get(this: AccessorRoom) {
        const own = this._colyseusAccessors;
        return own ? (own[2 * i] as () => unknown)() : this._earlyValues?.[i];
      },
      set(this: AccessorRoom, value: unknown) {
        const own = this._colyseusAccessors;
        if (own) (own[2 * i + 1] as (v: unknown) => unknown)(value);
        else (this._earlyValues ??= [])[i] = value;
      },
    });
  });
  Object.defineProperty(prototype, "__init", { configurable: true, writable: true, enumerable: false, value: initWithSharedAccessors });
}
