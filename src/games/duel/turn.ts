/**
 * The turn cycle: start of turn (draw, or lose when the deck is empty), knock-outs and prizes, the
 * win check, status conditions between turns, and promotion of a benched creature to an empty
 * active spot.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { catalogueFor } from "./catalogue.js";
import type { DuelEvent } from "./events.js";
import { clearStatus, opponent, top, type DuelState, type InPlay } from "./state.js";
import type { CreatureCard } from "./types.js";
import { discardCreature, draw, type ActionRandom } from "./zones.js";

export const POISON_DAMAGE = 10;
export const BURN_DAMAGE = 20;

export function hpOf(state: DuelState, c: InPlay): number {
  return (catalogueFor(state.set).byId.get(top(c)) as CreatureCard).hp;
}

/** Ends the match: `winner` null is a draw. Scores are prizes taken. */
export function finish(state: DuelState, winner: number | null, reason: string, events: DuelEvent[]): void {
  state.phase = "OVER";
  state.search = null;
  state.promote = [];
  state.outcome = { winnerTeam: winner, scores: state.players.map((p) => state.prizeCount - p.prizes.length), reason };
  events.push({ type: "gameOver", winner, reason });
}

export function startTurn(state: DuelState, seat: number, events: DuelEvent[]): void {
  state.turn++;
  state.current = seat;
  const p = state.players[seat]!;
  p.attached = false;
  p.retreated = false;
  events.push({ type: "turnStarted", seat, turn: state.turn });
  if (p.deck.length === 0) {
    finish(state, opponent(seat), "deckOut", events);
    return;
  }
  draw(state, seat, 1, events);
}

/** Adds damage (never negative) and reports it. */
export function addDamage(state: DuelState, seat: number, slot: number, c: InPlay, amount: number, source: Extract<DuelEvent, { type: "damage" }>["source"], events: DuelEvent[]): void {
  if (amount <= 0) return;
  c.damage += amount;
  events.push({ type: "damage", seat, slot, card: top(c), amount, source });
}

/** Removes every creature whose damage reached its HP; each one gives the other player a prize. */
export function knockouts(state: DuelState, events: DuelEvent[]): void {
  // The side whose turn it is not loses creatures first: the attacker's prizes come first in the log.
  for (const seat of [opponent(state.current), state.current]) {
    const p = state.players[seat]!;
    const gone: { slot: number; c: InPlay }[] = [];
    if (p.active && p.active.damage >= hpOf(state, p.active)) gone.push({ slot: 0, c: p.active });
    p.bench.forEach((c, i) => {
      if (c.damage >= hpOf(state, c)) gone.push({ slot: i + 1, c });
    });
    for (const { slot, c } of gone) {
      const card = top(c);
      const discarded = discardCreature(state, seat, c);
      events.push({ type: "knockedOut", seat, slot, card, discarded });
      const taker = state.players[opponent(seat)]!;
      const prize = taker.prizes.pop();
      if (prize !== undefined) {
        taker.hand.push(prize);
        events.push({ type: "prizeTaken", seat: opponent(seat), remaining: taker.prizes.length });
        events.push({ type: "prizeCard", to: opponent(seat), card: prize });
      }
    }
    if (gone.length === 0) continue;
    if (gone[0]!.slot === 0) p.active = null;
    p.bench = p.bench.filter((c) => !gone.some((g) => g.c === c));
  }
}

/** Ends the game if someone took all prizes or someone has no creature left; both at once is a draw. */
export function checkWin(state: DuelState, events: DuelEvent[]): boolean {
  const wins = [0, 1].map((seat) => {
    const other = state.players[opponent(seat)]!;
    if (state.players[seat]!.prizes.length === 0) return "allPrizes";
    if (!other.active && other.bench.length === 0) return "noCreatures";
    return null;
  });
  if (wins[0] && wins[1]) finish(state, null, "bothWon", events);
  else if (wins[0]) finish(state, 0, wins[0], events);
  else if (wins[1]) finish(state, 1, wins[1], events);
  else return false;
  return true;
}

/** Status conditions between turns: the player whose turn ended first, then the other. */
function betweenTurns(state: DuelState, rand: ActionRandom, events: DuelEvent[]): void {
  for (const seat of [state.current, opponent(state.current)]) {
    const c = state.players[seat]!.active;
    if (!c) continue;
    if (c.poisoned) addDamage(state, seat, 0, c, POISON_DAMAGE, "poison", events);
    if (c.burned) {
      addDamage(state, seat, 0, c, BURN_DAMAGE, "burn", events);
      const heads = rand.coin();
      events.push({ type: "coin", seat, heads, for: "burn" });
      if (heads) {
        c.burned = false;
        events.push({ type: "statusRemoved", seat, slot: 0, condition: "burned" });
      }
    }
    if (c.special === "asleep") {
      const heads = rand.coin();
      events.push({ type: "coin", seat, heads, for: "asleep" });
      if (heads) {
        c.special = null;
        events.push({ type: "statusRemoved", seat, slot: 0, condition: "asleep" });
      }
    } else if (c.special === "paralysed" && seat === state.current) {
      // Paralysis lasts until the end of its owner's next turn, which is the turn ending now.
      c.special = null;
      events.push({ type: "statusRemoved", seat, slot: 0, condition: "paralysed" });
    }
  }
}

function promoteOrNext(state: DuelState, events: DuelEvent[]): void {
  state.promote = [state.current, opponent(state.current)].filter((s) => !state.players[s]!.active);
  if (state.promote.length > 0) {
    state.phase = "PROMOTE";
    return;
  }
  state.phase = "MAIN";
  startTurn(state, opponent(state.current), events);
}

/** After an attack or a pass: knock-outs, win check, status checks, then promotions and the next turn. */
export function endTurn(state: DuelState, rand: ActionRandom, events: DuelEvent[]): void {
  knockouts(state, events);
  if (checkWin(state, events)) return;
  betweenTurns(state, rand, events);
  knockouts(state, events);
  if (checkWin(state, events)) return;
  events.push({ type: "turnEnded", seat: state.current, turn: state.turn });
  promoteOrNext(state, events);
}

/** Promotion: a benched creature (slot 1..5) becomes the active creature. */
export function applyPromote(state: DuelState, seat: number, slot: number, events: DuelEvent[]): void {
  const p = state.players[seat]!;
  if (slot < 1 || slot > p.bench.length) throw new IllegalAction("BAD_SLOT", `promote a benched creature: slot 1..${p.bench.length}`);
  const [c] = p.bench.splice(slot - 1, 1);
  clearStatus(c!);
  p.active = c!;
  events.push({ type: "promoted", seat, slot, active: top(c!) });
  state.promote.shift();
  if (state.promote.length === 0) {
    state.phase = "MAIN";
    startTurn(state, opponent(state.current), events);
  }
}
