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
import { bidActions } from "./bidding.js";
import { legalMoves } from "./engine.js";
import { popcount } from "./cards.js";
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
 * The auction's list comes from `bidActions` (shared frozen actions). Otherwise outside play it comes
 * from `legalMoves`; moves it lists as shared frozen constants map to shared frozen actions, made on
 * first use (a bounded set).
 */
const SHARED = new Map<Move, BalootAction>();

function publicAction(m: Move): BalootAction {
  if (!Object.isFrozen(m)) return toAction(m);
  let a = SHARED.get(m);
  if (a === undefined) SHARED.set(m, (a = Object.freeze(toAction(m))));
  return a;
}

export function publicLegalActions(state: BalootState, seat: number): BalootAction[] {
  if (seat !== state.turn) return [];
  if (state.phase === "PLAYING") return playActions(state, seat);
  if (state.phase === "BIDDING") return bidActions(state, seat);
  return legalMoves(state, seat).map(publicAction);
}

/**
 * The seat's play-phase actions. Everything is decided first (pure questions, each answered once),
 * then the list is made at its exact size and filled in order: copying a reused scratch list out
 * (slice) cost more than the list itself.
 */
function playActions(state: BalootState, seat: number): BalootAction[] {
  const h = state.hand;
  const declare = h.trickNo === 0 && canDeclare(state, seat) ? declareChoices(state, seat) : null;
  const leading = h.trick.length === 0;
  const trump = h.contract!.trump;
  // Akka only exists in Hokum when leading; Baloot only for its holder before it is announced.
  const akkaPossible = leading && trump >= 0;
  const balootPossible = h.baloot.holder === seat && !h.baloot.announced;
  const legal = legalCardMask(state, seat);
  let n = popcount(legal);
  if (akkaPossible || balootPossible) {
    for (let m = legal; m !== 0; m = (m & (m - 1)) >>> 0) {
      const c = 31 - Math.clz32((m & -m) >>> 0);
      if (akkaPossible && akkaValid(c, trump, h.played, true)) n++;
      if (balootPossible && balootAnnounceOk(state, seat, c)) n++;
    }
  }
  const sawa = leading && sawaValid(state, seat);
  const qaid = qaidAllowed(state, seat);
  if (declare !== null) n += 1 + declare.length;
  if (sawa) n++;
  if (qaid) n++;
  const out = new Array<BalootAction>(n);
  let i = 0;
  if (declare !== null) {
    out[i++] = DECLARE_BEST;
    for (const choice of declare) out[i++] = toAction({ k: "declare", choice });
  }
  for (let m = legal; m !== 0; m = (m & (m - 1)) >>> 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    out[i++] = PLAY[c]!;
    if (akkaPossible && akkaValid(c, trump, h.played, true)) out[i++] = PLAY_AKKA[c]!;
    if (balootPossible && balootAnnounceOk(state, seat, c)) out[i++] = PLAY_BALOOT[c]!;
  }
  // Then Sawa, and Qaid as the last entry.
  if (sawa) out[i] = SAWA;
  if (qaid) out[n - 1] = QAID;
  return out;
}
