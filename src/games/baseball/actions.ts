/**
 * Public actions (JSON from clients) and their shape validation (MALFORMED_ACTION).
 * Whether an action is allowed in the situation is checked by the engine.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import type { LineupPos } from "./cards.js";
import { parseDefense, parseOffense, type DefenseDecision, type Infield, type OffenseDecision, type OffensePlay, type Outfield } from "./decisions.js";
import type { LineupEntry, SubKind } from "./events.js";

export type BaseballAction =
  | { type: "lineup"; order?: LineupEntry[]; pitcher?: string }
  | { type: "defense"; infield?: Infield; outfield?: Outfield; hold?: boolean; ibb?: boolean }
  | { type: "offense"; play: OffensePlay; from?: 1 | 2 }
  | { type: "sub"; kind: SubKind; in: string; out?: string }
  | { type: "switch"; a: string; b: string }
  | { type: "dice"; values: number[] }
  | { type: "rollForMe" };

export type Parsed =
  | { k: "lineup"; order: LineupEntry[] | null; pitcher: string | null }
  | { k: "decision"; decision: DefenseDecision | OffenseDecision }
  | { k: "sub"; kind: SubKind; in: string; out: string | null }
  | { k: "switch"; a: string; b: string }
  | { k: "dice"; values: number[] }
  | { k: "rollForMe" };

const SUB_KINDS: readonly string[] = ["pinchHitter", "pinchRunner", "defense", "pitcher"];

function malformed(msg: string): never {
  throw new IllegalAction("MALFORMED_ACTION", msg);
}

function only(obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) if (!allowed.includes(key)) malformed(`unexpected field "${key}"`);
}

function id(v: unknown, what: string): string {
  if (typeof v !== "string" || v.length === 0 || v.length > 40) malformed(`${what} must be a player id`);
  return v;
}

export function parseAction(action: unknown): Parsed {
  if (action === null || typeof action !== "object" || Array.isArray(action)) malformed("action must be an object");
  const a = action as Record<string, unknown>;
  switch (a.type) {
    case "lineup": {
      only(a, ["type", "order", "pitcher"]);
      let order: LineupEntry[] | null = null;
      if (a.order !== undefined) {
        if (!Array.isArray(a.order) || a.order.length > 20) malformed("order must be a list of {id, pos}");
        order = a.order.map((e: unknown) => {
          if (e === null || typeof e !== "object") malformed("order entries are {id, pos}");
          const o = e as Record<string, unknown>;
          if (typeof o.pos !== "string") malformed("order entries are {id, pos}");
          return { id: id(o.id, "order id"), pos: o.pos as LineupPos };
        });
      }
      return { k: "lineup", order, pitcher: a.pitcher === undefined ? null : id(a.pitcher, "pitcher") };
    }
    case "defense":
      only(a, ["type", "infield", "outfield", "hold", "ibb"]);
      return { k: "decision", decision: parseDefense(a) };
    case "offense":
      only(a, ["type", "play", "from"]);
      return { k: "decision", decision: parseOffense(a) };
    case "sub":
      only(a, ["type", "kind", "in", "out"]);
      if (!SUB_KINDS.includes(a.kind as string)) malformed("kind must be pinchHitter, pinchRunner, defense or pitcher");
      return { k: "sub", kind: a.kind as SubKind, in: id(a.in, "in"), out: a.out === undefined ? null : id(a.out, "out") };
    case "switch":
      only(a, ["type", "a", "b"]);
      return { k: "switch", a: id(a.a, "a"), b: id(a.b, "b") };
    case "dice":
      only(a, ["type", "values"]);
      if (!Array.isArray(a.values) || a.values.length === 0 || a.values.length > 2 || !a.values.every((v) => typeof v === "number")) {
        malformed("values must be one or two numbers");
      }
      return { k: "dice", values: a.values as number[] };
    case "rollForMe":
      only(a, ["type"]);
      return { k: "rollForMe" };
    default:
      return malformed(`unknown action type ${JSON.stringify(a.type)}`);
  }
}

/** A decision as the public action that makes it. */
export function decisionAction(d: DefenseDecision | OffenseDecision): BaseballAction {
  if (d.side === "defense") return d.ibb ? { type: "defense", ibb: true } : { type: "defense", infield: d.infield, outfield: d.outfield, hold: d.hold };
  return d.from ? { type: "offense", play: d.play, from: d.from } : { type: "offense", play: d.play };
}
