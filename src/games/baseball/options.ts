/**
 * Table options: which card set and teams, 7 or 9 innings, the mercy rule, server or manual dice,
 * the starters' rotation slots. Bad options throw IllegalAction BAD_OPTIONS (or BAD_CARD_SET).
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { validateCardSet, type CardSet, type TeamCard } from "./cards.js";
import { checkLineup, defaultLineup } from "./lineup.js";
import { shippedSet } from "./sets.js";
import type { Rules } from "./state.js";

export interface BaseballOptions {
  /** A user card set (validated JSON); default: the shipped original set. */
  set?: unknown;
  /** Team ids of the visitors and the home team; default: the set's first two teams. */
  away?: string;
  home?: string;
  innings?: 7 | 9;
  /** true = 10 runs after 5 innings (4 in a 7-inning game), or explicit values. */
  mercy?: boolean | { runs: number; afterInning: number };
  dice?: "server" | "manual";
  /** Rotation slot (0-based) of each team's default starter. */
  rotation?: [number, number];
  maxInnings?: number;
}

export interface ResolvedOptions {
  set: CardSet;
  away: TeamCard;
  home: TeamCard;
  rules: Rules;
  rotation: [number, number];
}

function bad(msg: string): never {
  throw new IllegalAction("BAD_OPTIONS", msg);
}

const validated = new WeakMap<object, CardSet>();

export function resolveOptions(options: BaseballOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  if (typeof o !== "object") bad("options must be an object");
  let set = shippedSet();
  if (o.set !== undefined) {
    if (o.set === null || typeof o.set !== "object") bad("set must be a card set object");
    set = validated.get(o.set) ?? validateCardSet(o.set);
    validated.set(o.set, set);
  }
  const find = (teamId: string | undefined, fallback: number): TeamCard => {
    if (teamId === undefined) return set.teams[fallback] as TeamCard;
    const t = set.teams.find((x) => x.id === teamId);
    if (!t) bad(`no team ${teamId} in set ${set.name}`);
    return t;
  };
  const away = find(o.away, 0);
  const home = find(o.home, 1);
  if (away.id === home.id) bad("a team cannot play itself");
  const innings = o.innings ?? 9;
  if (innings !== 7 && innings !== 9) bad("innings must be 7 or 9");
  let mercy: Rules["mercy"] = null;
  if (o.mercy === true) mercy = { runs: 10, afterInning: innings === 9 ? 5 : 4 };
  else if (o.mercy && typeof o.mercy === "object") {
    const { runs, afterInning } = o.mercy;
    if (!Number.isInteger(runs) || runs < 1 || runs > 50) bad("mercy.runs must be 1..50");
    if (!Number.isInteger(afterInning) || afterInning < 1 || afterInning > innings) bad(`mercy.afterInning must be 1..${innings}`);
    mercy = { runs, afterInning };
  } else if (o.mercy !== undefined && o.mercy !== false) bad("mercy must be a boolean or {runs, afterInning}");
  const dice = o.dice ?? "server";
  if (dice !== "server" && dice !== "manual") bad("dice must be server or manual");
  const maxInnings = o.maxInnings ?? 25;
  if (!Number.isInteger(maxInnings) || maxInnings < innings || maxInnings > 99) bad(`maxInnings must be ${innings}..99`);
  const rotation = o.rotation ?? [0, 0];
  if (!Array.isArray(rotation) || rotation.length !== 2 || !rotation.every((r) => Number.isInteger(r) && r >= 0 && r < 10)) bad("rotation must be two slots 0..9");
  for (const t of [away, home]) {
    const def = defaultLineup(t);
    try {
      checkLineup(t, def.order, def.pitcher);
    } catch (e) {
      throw new IllegalAction("BAD_CARD_SET", `team ${t.id} default lineup: ${(e as Error).message}`);
    }
  }
  return { set, away, home, rules: { innings, mercy, dice, maxInnings }, rotation: [rotation[0] as number, rotation[1] as number] };
}
