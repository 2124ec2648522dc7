/**
 * Deck rules: exactly 40 cards from one set, at most 3 copies of any non-energy card, at least one
 * basic creature (so an opening hand can always be found). `validateDeck` reports every fault.
 */
import { catalogueFor, type Catalogue } from "./catalogue.js";

export const DECK_SIZE = 40;
export const MAX_COPIES = 3;

/** A deck as sent by clients: a flat list of card ids, or `{ card, count }` entries. */
export type DeckInput = readonly string[] | readonly { card: string; count: number }[];

export type DeckErrorCode = "DECK_NOT_A_LIST" | "BAD_ENTRY" | "UNKNOWN_CARD" | "DECK_SIZE" | "TOO_MANY_COPIES" | "NO_BASIC_CREATURE";

export interface DeckError {
  code: DeckErrorCode;
  message: string;
  card?: string;
}

export type DeckCheck = { ok: true; cards: string[] } | { ok: false; errors: DeckError[] };

/** Expands either deck shape into a flat id list, or reports malformed entries. */
function flatten(deck: unknown, errors: DeckError[]): string[] {
  if (!Array.isArray(deck)) {
    errors.push({ code: "DECK_NOT_A_LIST", message: "a deck is a list of card ids or of { card, count } entries" });
    return [];
  }
  const cards: string[] = [];
  deck.forEach((entry: unknown, i) => {
    if (typeof entry === "string") {
      cards.push(entry);
      return;
    }
    const e = entry as { card?: unknown; count?: unknown } | null;
    if (
      typeof e === "object" && e !== null && typeof e.card === "string" &&
      typeof e.count === "number" && Number.isInteger(e.count) && e.count >= 1 && e.count <= DECK_SIZE &&
      Object.keys(e).every((k) => k === "card" || k === "count")
    ) {
      for (let k = 0; k < e.count; k++) cards.push(e.card);
      return;
    }
    errors.push({ code: "BAD_ENTRY", message: `entry ${i} must be a card id or { card, count } with count 1..${DECK_SIZE}` });
  });
  return cards;
}

/** Checks a deck against the rules; on success returns it as a flat list of card ids. */
export function validateDeck(deck: unknown, set = "core"): DeckCheck {
  const catalogue: Catalogue = catalogueFor(set);
  const errors: DeckError[] = [];
  const cards = flatten(deck, errors);
  if (errors.length > 0) return { ok: false, errors };
  const counts = new Map<string, number>();
  for (const id of cards) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const id of counts.keys()) {
    if (!catalogue.byId.has(id)) errors.push({ code: "UNKNOWN_CARD", message: `no card ${JSON.stringify(id)} in set ${set}`, card: id });
  }
  if (cards.length !== DECK_SIZE) errors.push({ code: "DECK_SIZE", message: `a deck holds exactly ${DECK_SIZE} cards, this one ${cards.length}` });
  let basics = 0;
  for (const [id, n] of counts) {
    const card = catalogue.byId.get(id);
    if (!card) continue;
    if (card.kind !== "energy" && n > MAX_COPIES) {
      errors.push({ code: "TOO_MANY_COPIES", message: `at most ${MAX_COPIES} copies of ${id}, this deck has ${n}`, card: id });
    }
    if (card.kind === "creature" && card.stage === 0) basics += n;
  }
  if (basics === 0 && cards.length > 0) errors.push({ code: "NO_BASIC_CREATURE", message: "a deck needs at least one basic creature" });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cards };
}

/** Two ready-made legal decks (used when a match is created without decks, by tests and the benchmark). */
export const STARTER_DECKS: readonly (readonly { card: string; count: number }[])[] = [
  [
    { card: "cindermole", count: 3 }, { card: "furnacemole", count: 2 }, { card: "magmolith", count: 1 },
    { card: "sparkfinch", count: 3 }, { card: "blazewing", count: 2 }, { card: "ashhound", count: 2 },
    { card: "driftjelly", count: 2 }, { card: "mistotter", count: 2 },
    { card: "field-notes", count: 2 }, { card: "scout-lantern", count: 2 }, { card: "growth-almanac", count: 1 },
    { card: "tag-out", count: 1 }, { card: "field-ration", count: 1 },
    { card: "flame-energy", count: 10 }, { card: "tide-energy", count: 6 },
  ],
  [
    { card: "sproutling", count: 3 }, { card: "thornback", count: 2 }, { card: "elderbough", count: 1 },
    { card: "zaplet", count: 3 }, { card: "arcweasel", count: 2 }, { card: "mossmite", count: 2 },
    { card: "lichenguard", count: 1 }, { card: "joltpup", count: 2 },
    { card: "supply-crate", count: 2 }, { card: "dowsing-rod", count: 1 }, { card: "call-whistle", count: 1 },
    { card: "herbal-tonic", count: 1 }, { card: "mending-kit", count: 1 }, { card: "smelling-salts", count: 1 },
    { card: "grove-energy", count: 9 }, { card: "volt-energy", count: 8 },
  ],
];
