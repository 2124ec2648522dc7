/**
 * Determinisation: deal the cards a seat cannot see to the other three seats, consistently with
 * everything it inferred (inference.ts): hand sizes, known cards, shown voids, and the project kinds
 * announced in trick 1. Cards with the fewest possible owners are placed first; each goes to an
 * allowed seat with probability proportional to the room left in its hand, which keeps the deal
 * close to uniform over the consistent deals. A dead end is retried; if the facts cannot all be met
 * (only possible after a foul under the QAID profile) the voids are dropped rather than failing.
 */
import type { Rng } from "../../core/rng.js";
import { popcount } from "../cards.js";
import { findProjects, type ProjectKind } from "../projects.js";
import type { RuleProfile } from "../profile.js";
import type { HiddenInfo } from "./inference.js";

const ATTEMPTS = 24;

function hasKinds(full: number, kinds: readonly ProjectKind[], contract: "SUN" | "HOKUM", profile: RuleProfile): boolean {
  if (kinds.length === 0) return true;
  const found = findProjects(full, contract, profile).map((p) => p.kind);
  for (const k of kinds) {
    const i = found.indexOf(k);
    if (i < 0) return false;
    found.splice(i, 1);
  }
  return true;
}

function deal(info: HiddenInfo, rng: Rng, useVoids: boolean, out: number[], order: number[]): boolean {
  const room = [0, 0, 0, 0];
  let rest = info.unknown;
  for (let s = 0; s < 4; s++) {
    out[s] = 0;
    if (s === info.me) continue;
    out[s] = info.known[s]!;
    room[s] = info.counts[s]! - popcount(info.known[s]!);
    if (room[s]! < 0) return false;
    rest = (rest & ~info.known[s]!) >>> 0;
  }
  // Order: fewest allowed seats first, random within a group.
  order.length = 0;
  for (let m = rest; m !== 0; m = (m & (m - 1)) >>> 0) order.push(31 - Math.clz32((m & -m) >>> 0));
  rng.shuffle(order);
  const allowedCount = (x: number): number => {
    let n = 0;
    for (let s = 0; s < 4; s++) if (s !== info.me && !(useVoids && (info.forbidden[s]! >>> x) & 1)) n++;
    return n;
  };
  order.sort((a, b) => allowedCount(a) - allowedCount(b));
  for (const x of order) {
    let total = 0;
    for (let s = 0; s < 4; s++) if (s !== info.me && room[s]! > 0 && !(useVoids && (info.forbidden[s]! >>> x) & 1)) total += room[s]!;
    if (total === 0) return false;
    let r = rng.int(total);
    for (let s = 0; s < 4; s++) {
      if (s === info.me || room[s]! <= 0 || (useVoids && (info.forbidden[s]! >>> x) & 1)) continue;
      r -= room[s]!;
      if (r < 0) {
        out[s] = (out[s]! | (1 << x)) >>> 0;
        room[s]!--;
        break;
      }
    }
  }
  return true;
}

/**
 * One consistent deal of the hidden cards: `hands[seat]` for the three other seats (`hands[me]`
 * is left 0 for the caller to fill). Always returns a deal of the right sizes.
 */
export function sampleHands(info: HiddenInfo, rng: Rng, contract: "SUN" | "HOKUM", profile: RuleProfile): number[] {
  const out = [0, 0, 0, 0];
  const order: number[] = [];
  let fallback: number[] | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (!deal(info, rng, true, out, order)) continue;
    let kindsOk = true;
    for (let s = 0; s < 4 && kindsOk; s++) {
      if (s !== info.me) kindsOk = hasKinds((out[s]! | info.playedBy[s]!) >>> 0, info.pendingKinds[s]!, contract, profile);
    }
    if (kindsOk) return out;
    // Voids and sizes hold but the announced kinds do not: keep it in case nothing better turns up.
    fallback ??= out.slice();
  }
  if (fallback) return fallback;
  // The facts contradict each other (a foul under QAID): drop the voids.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) if (deal(info, rng, false, out, order)) return out;
  throw new Error("the view's hand sizes do not add up to the hidden cards");
}
