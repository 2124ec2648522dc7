/**
 * A reasonable automatic player that decides from its seat's view only (plus the public card
 * catalogue and an rng for ties): it scores each action of `view.legal` and takes the best.
 * Actions that improve the board (evolve, bench, attach, useful trainers) score above the attack,
 * which ends the turn; `pass` scores 0 and anything not worth doing scores below it.
 */
import type { Rng } from "../core/rng.js";
import type { DuelAction } from "./actions.js";
import { damageAfter } from "./attack.js";
import { catalogueFor, type Catalogue } from "./catalogue.js";
import type { CreatureCard, Element } from "./types.js";
import type { CreatureView, DuelView } from "./view.js";

function creature(cat: Catalogue, id: string): CreatureCard {
  return cat.byId.get(id) as CreatureCard;
}

/** Typed cost symbols of the creature's attacks not yet covered by its energy. */
function missingElements(cat: Catalogue, c: CreatureView): Element[] {
  const have = c.energy.map((id) => (cat.byId.get(id) as { element: Element }).element);
  const card = creature(cat, c.card);
  const hardest = card.attacks[card.attacks.length - 1]!;
  const missing: Element[] = [];
  for (const sym of hardest.cost) {
    if (sym === "any") continue;
    const i = have.indexOf(sym);
    if (i >= 0) have.splice(i, 1);
    else missing.push(sym);
  }
  return missing;
}

function needsEnergy(cat: Catalogue, c: CreatureView): boolean {
  const card = creature(cat, c.card);
  return c.energy.length < Math.max(...card.attacks.map((a) => a.cost.length)) || missingElements(cat, c).length > 0;
}

function score(view: DuelView, cat: Catalogue, a: DuelAction): number {
  const me = view.players[view.viewer!]!;
  const foe = view.players[1 - view.viewer!]!;
  const at = (slot: number): CreatureView | null => (slot === 0 ? me.active : me.bench[slot - 1] ?? null);
  switch (a.type) {
    case "setActive":
      return 100 + creature(cat, a.card).hp;
    case "bench":
      return view.phase === "SETUP" || me.bench.length < 3 ? 60 : 5 - 10 * me.bench.length;
    case "ready":
    case "endSearch":
      return 1;
    case "evolve":
      return 90 + (a.slot === 0 ? 5 : 0);
    case "attach": {
      const target = at(a.slot)!;
      if (!needsEnergy(cat, target)) return a.slot === 0 ? 20 : 25;
      const element = (cat.byId.get(a.card) as { element: Element }).element;
      return 70 + (a.slot === 0 ? 10 : 0) + (missingElements(cat, target).includes(element) ? 5 : 0);
    }
    case "trainer": {
      const card = cat.byId.get(a.card);
      if (card?.kind !== "trainer") return -1;
      let s = -10;
      const active = me.active!;
      for (const e of card.effects) {
        if (e.op === "draw") s = Math.max(s, me.handCount < 6 && me.deckCount > 6 ? 40 : -10);
        else if (e.op === "search") s = Math.max(s, me.deckCount > 8 ? 35 : -10);
        else if (e.op === "heal" && e.target === "chosen") s = Math.max(s, at(a.slot!)!.damage >= 30 ? 45 + at(a.slot!)!.damage / 10 : -10);
        else if (e.op === "heal" || e.op === "cure") s = Math.max(s, active.damage >= 20 || active.status.length > 0 ? 45 : -10);
        else if (e.op === "switch") {
          const stuck = active.status.includes("asleep") || active.status.includes("paralysed") || active.damage >= active.hp * 0.6;
          s = Math.max(s, stuck && at(a.slot!)!.energy.length > 0 ? 50 : -10);
        }
      }
      return s;
    }
    case "retreat": {
      const active = me.active!;
      const target = at(a.slot)!;
      return active.damage >= active.hp - 30 && target.damage < active.damage && target.energy.length > 0 ? 30 : -10;
    }
    case "attack": {
      const attacker = creature(cat, me.active!.card);
      const defender = foe.active!;
      const hit = damageAfter(attacker.attacks[a.attack]!.damage, attacker, creature(cat, defender.card));
      return 10 + hit.damage / 100 + (hit.damage >= defender.hp - defender.damage ? 1 : 0);
    }
    case "pass":
      return 0;
    case "pick": {
      const card = cat.byId.get(a.card)!;
      const inPlay = [me.active, ...me.bench].filter((c): c is CreatureView => c !== null).map((c) => c.card);
      if (card.kind === "creature" && card.stage > 0) return inPlay.includes(card.evolvesFrom!) ? 50 : 15;
      if (card.kind === "creature") return me.bench.length < 5 ? 30 : 5;
      return card.kind === "energy" ? 20 : 10;
    }
    case "promote": {
      const c = at(a.slot)!;
      return 10 + c.energy.length * 10 + (c.hp - c.damage) / 10;
    }
  }
}

/** The bot's choice from a view of its own seat; ties are broken by `rng` (or the first, without one). */
export function botFromView(view: DuelView, rng?: Rng): DuelAction {
  if (view.legal.length === 0) throw new Error("the bot has nothing to do in this view");
  const cat = catalogueFor(view.set);
  let best: DuelAction[] = [];
  let bestScore = -Infinity;
  for (const a of view.legal) {
    const s = score(view, cat, a);
    if (s > bestScore) {
      bestScore = s;
      best = [a];
    } else if (s === bestScore) best.push(a);
  }
  return best.length === 1 || !rng ? best[0]! : best[rng.int(best.length)]!;
}

/** The uniformly random legal player, from a view (for tests and the benchmark). */
export function randomFromView(view: DuelView, rng: Rng): DuelAction {
  return view.legal[rng.int(view.legal.length)]!;
}
