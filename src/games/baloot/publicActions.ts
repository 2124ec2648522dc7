/**
 * The public `legalActions`: the same list, in the same order, as `legalMoves(...).map(toAction)`,
 * built straight as public actions during play (the hot path: one call per card played), without
 * the intermediate Move objects. test/games/baloot/legalActions.test.ts checks the equality.
 *
 * The play, Sawa, Qaid, plain "declare" and bidding entries are frozen objects shared by every
 * call (one per card and variant): the list is fresh, its entries are read-only values.
 */
import { toAction, type BalootAction, type Move } from "./actions.js";
import { akkaValid } from "./akka.js";
import { legalMoves } from "./engine.js";
import { legalCardMask } from "./legal.js";
import { balootAnnounceOk, canDeclare, declareChoices } from "./play.js";
import { qaidAllowed } from "./qaid.js";
import { sawaValid } from "./sawa.js";
import { CARD_NAMES } from "./tables.js";
import type { BalootState } from "./state.js";

const PLAY: readonly BalootAction[] = CARD_NAMES.map((card) => Object.freeze({ type: "play" as const, card }));
const PLAY_AKKA: readonly BalootAction[] = CARD_NAMES.map((card) => Object.freeze({ type: "play" as const, card, akka: true as const }));
const PLAY_BALOOT: readonly BalootAction[] = CARD_NAMES.map((card) => Object.freeze({ type: "play" as const, card, baloot: true as const }));
const SAWA: BalootAction = Object.freeze({ type: "sawa" });
const QAID: BalootAction = Object.freeze({ type: "qaid" });
const DECLARE_BEST: BalootAction = Object.freeze({ type: "declareProjects" });

/**
 * The list being built: a reused array written from index 0 (entries past the count are stale and
 * ignored), copied out at its exact size. A fresh array grown by push reserves 17 slots, for lists
 * of a few entries on every card played; setting `length` to clear it is a runtime call.
 */
const scratch: BalootAction[] = [];

/**
 * Outside play the list comes from `legalMoves`; the moves it lists as shared frozen constants
 * (the bids, confirmations, Kawesh) map to shared frozen actions, made on first use (a bounded set).
 */
const SHARED = new Map<Move, BalootAction>();

function publicAction(m: Move): BalootAction {
  if (!Object.isFrozen(m)) return toAction(m);
  let a = SHARED.get(m);
  if (a === undefined) SHARED.set(m, (a = Object.freeze(toAction(m))));
  return a;
}

export function publicLegalActions(state: BalootState, seat: number): BalootAction[] {
  if (state.phase !== "PLAYING" || seat !== state.turn) return legalMoves(state, seat).map(publicAction);
  return scratch.slice(0, playActions(state, seat, scratch));
}

/** Writes the seat's play-phase actions into `out` from index 0; returns how many. */
function playActions(state: BalootState, seat: number, out: BalootAction[]): number {
  let n = 0;
  const h = state.hand;
  if (h.trickNo === 0 && canDeclare(state, seat)) {
    out[n++] = DECLARE_BEST;
    for (const choice of declareChoices(state, seat)) out[n++] = toAction({ k: "declare", choice });
  }
  const leading = h.trick.length === 0;
  const trump = h.contract!.trump;
  // Akka only exists in Hokum when leading; Baloot only for its holder before it is announced.
  const akkaPossible = leading && trump >= 0;
  const balootPossible = h.baloot.holder === seat && !h.baloot.announced;
  let m = legalCardMask(state, seat);
  while (m !== 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    m = (m & (m - 1)) >>> 0;
    out[n++] = PLAY[c]!;
    if (akkaPossible && akkaValid(c, trump, h.played, true)) out[n++] = PLAY_AKKA[c]!;
    if (balootPossible && balootAnnounceOk(state, seat, c)) out[n++] = PLAY_BALOOT[c]!;
  }
  if (leading && sawaValid(state, seat)) out[n++] = SAWA;
  if (qaidAllowed(state, seat)) out[n++] = QAID;
  return n;
}
