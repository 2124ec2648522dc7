/**
 * Baloot's RNG fingerprint: what a deal reveals, mapped to symbols (docs/FAIRNESS.md).
 *
 * Only the part of a deal that never depends on the players' choices is used: the first deal
 * (3 + 2 cards to each seat, from D+1) and the face-up card. The completion goes to whoever bought,
 * so it is left out. Seats are dealer-relative, so the dealer's rotation cancels out.
 *
 * Symbols per card: 0 = dealer, 1 = D+1, 2 = D+2, 3 = D+3 (first deal), 4 = face-up, 5 = rest.
 */
import { emptyFingerprint, recordRun, recordSequence, type Fingerprint, type FingerprintSpec, type TableSpec } from "../core/fairness/fingerprint.js";
import { CARD_NAMES, PLAIN_POINTS } from "./tables.js";

export const FACE_UP = 4;
export const REST = 5;
const J = 4;
const NINE = 2;

export interface DealSymbols {
  /** Symbol (0..5) of each card 0..31. */
  cat: Uint8Array;
  faceUp: number;
}

const cardSeat: TableSpec = {
  name: "cardSeat",
  description: "card → dealer-relative seat of the first deal / face-up / rest (5,5,5,5,1,11 of 32)",
  rows: 32,
  symbols: 6,
  rowProbabilities: () => [5 / 32, 5 / 32, 5 / 32, 5 / 32, 1 / 32, 11 / 32],
  // Every card lands somewhere once per deal (rows fixed) and every deal fills each symbol with
  // the same number of cards (columns fixed): (32 − 1)(6 − 1).
  df: 31 * 5,
  // Each deal is a random permutation of the 32 cards: X² ~ 32/31·χ²(df) (finite population).
  scale: 31 / 32,
};
const TRUMP_PROBS = [5 / 31, 5 / 31, 5 / 31, 5 / 31, 11 / 31];
const trumpTable = (name: string, rank: string): TableSpec => ({
  name,
  description: `dealer-relative seat of the ${rank} of the face-up (trump-candidate) suit, or rest (5,5,5,5,11 of 31)`,
  rows: 1,
  symbols: 5,
  rowProbabilities: () => TRUMP_PROBS,
  df: 4,
});
const UNIFORM32 = new Array<number>(32).fill(1 / 32);

export const BALOOT_SPEC: FingerprintSpec = {
  game: "baloot",
  tables: [
    cardSeat,
    { name: "faceUp", description: "face-up card uniform over 32", rows: 1, symbols: 32, rowProbabilities: () => UNIFORM32, df: 31 },
    trumpTable("trumpJack", "Jack"),
    trumpTable("trumpNine", "9"),
  ],
  serial: [
    { name: "firstDealPoints", description: "D+1's first-deal points, consecutive deals of a match uncorrelated" },
    { name: "faceUpCard", description: "face-up card index, consecutive deals of a match uncorrelated" },
  ],
  runs: [{ name: "faceUpRed", description: "runs of red (♥ ♦) face-up cards over consecutive deals", p: 0.5 }],
};

/** The deal suite also sees the whole deck order: card × position, uniform, (32 − 1)². */
export const BALOOT_SUITE_SPEC: FingerprintSpec = {
  ...BALOOT_SPEC,
  tables: [
    { name: "cardPosition", description: "card × deck position uniform (32 × 32)", rows: 32, symbols: 32, rowProbabilities: () => UNIFORM32, df: 31 * 31, scale: 31 / 32 },
    ...BALOOT_SPEC.tables,
  ],
};

export const emptyBalootFingerprint = (withPositions = false): Fingerprint => emptyFingerprint(withPositions ? BALOOT_SUITE_SPEC : BALOOT_SPEC);

const layouts = new Map<string, Uint8Array>();

/** Symbol of each deck position for a first deal of `packets` (e.g. [3, 2]) from D+1. */
export function positionSymbols(packets: readonly number[]): Uint8Array {
  const key = packets.join("+");
  let out = layouts.get(key);
  if (out) return out;
  out = new Uint8Array(32).fill(REST);
  let pos = 0;
  for (const packet of packets) {
    for (let k = 1; k <= 4; k++) for (let i = 0; i < packet; i++) out[pos++] = k & 3;
  }
  out[pos] = FACE_UP;
  layouts.set(key, out);
  return out;
}

/** Symbols of a deck order (top first) dealt with `packets`; `into` is reused when given. */
export function symbolsFromDeck(deck: readonly number[], packets: readonly number[], into?: DealSymbols): DealSymbols {
  const layout = positionSymbols(packets);
  const s = into ?? { cat: new Uint8Array(32), faceUp: -1 };
  for (let pos = 0; pos < 32; pos++) {
    const sym = layout[pos] as number;
    s.cat[deck[pos] as number] = sym;
    if (sym === FACE_UP) s.faceUp = deck[pos] as number;
  }
  return s;
}

const CARD_INDEX = new Map(CARD_NAMES.map((n, i) => [n, i]));

export interface LoggedDeal {
  dealer: number;
  /** `dealt` cards by absolute seat (names as in events, e.g. "10H"). */
  dealt: (readonly string[])[];
  faceUp: string;
}

/** Symbols of a deal as the event log shows it (`handStarted`, four `dealt`, `faceUp`); throws on a malformed one. */
export function symbolsFromLog(deal: LoggedDeal): DealSymbols {
  const cat = new Uint8Array(32).fill(REST);
  let seen = 0;
  deal.dealt.forEach((cards, seat) => {
    for (const name of cards) {
      const c = CARD_INDEX.get(name);
      if (c === undefined) throw new Error(`unknown card ${JSON.stringify(name)} in a dealt event`);
      cat[c] = (seat - deal.dealer) & 3;
      seen++;
    }
  });
  const faceUp = CARD_INDEX.get(deal.faceUp);
  if (faceUp === undefined) throw new Error(`unknown face-up card ${JSON.stringify(deal.faceUp)}`);
  if (cat[faceUp] !== REST || seen !== 20) throw new Error("a logged deal is not a 20-card first deal plus a distinct face-up card");
  cat[faceUp] = FACE_UP;
  return { cat, faceUp };
}

/** Plain (Sun) points of the cards with symbol `seatSymbol`: A 11, 10 10, K 4, Q 3, J 2. */
export function firstDealPoints(s: DealSymbols, seatSymbol: number): number {
  let p = 0;
  for (let c = 0; c < 32; c++) if (s.cat[c] === seatSymbol) p += PLAIN_POINTS[c] as number;
  return p;
}

const isRed = (card: number): boolean => {
  const suit = card >> 3;
  return suit === 1 || suit === 2;
};

/**
 * Folds one deal. `previous` is the deal before it in the same match (undefined for the first),
 * so serial pairs never straddle matches. `deck` (the full order) feeds the card × position
 * table when the fingerprint has one.
 */
export function recordDeal(fp: Fingerprint, s: DealSymbols, previous: DealSymbols | undefined, deck?: readonly number[]): void {
  fp.observations++;
  const t = fp.tables;
  const seatTable = t.cardSeat as number[][];
  for (let c = 0; c < 32; c++) (seatTable[c] as number[])[s.cat[c] as number]!++;
  (t.faceUp![0] as number[])[s.faceUp]!++;
  const base = s.faceUp & ~7;
  for (const [name, rank] of [["trumpJack", J], ["trumpNine", NINE]] as const) {
    const c = base + rank;
    if (c === s.faceUp) continue;
    const sym = s.cat[c] as number;
    (t[name]![0] as number[])[sym === REST ? 4 : sym]!++;
  }
  const positions = t.cardPosition;
  if (positions && deck) for (let pos = 0; pos < 32; pos++) (positions[deck[pos] as number] as number[])[pos]!++;
  if (previous) {
    recordSequence(fp, "firstDealPoints", firstDealPoints(previous, 1), firstDealPoints(s, 1));
    recordSequence(fp, "faceUpCard", previous.faceUp, s.faceUp);
    recordRun(fp, "faceUpRed", isRed(previous.faceUp), isRed(s.faceUp));
  }
}

/**
 * The luck measure (docs/FAIRNESS.md): plain points of a seat's five first-deal cards. It never
 * depends on bidding, so it is the same for every seat in expectation: 5 cards drawn without
 * replacement from a deck worth 120, mean 18.75.
 */
export const LUCK_MEAN = (5 * 120) / 32;
export const LUCK_VARIANCE = (() => {
  let sum = 0;
  let sq = 0;
  for (let c = 0; c < 32; c++) {
    const p = PLAIN_POINTS[c] as number;
    sum += p;
    sq += p * p;
  }
  const mean = sum / 32;
  const popVar = sq / 32 - mean * mean;
  return (5 * popVar * (32 - 5)) / (32 - 1);
})();

/**
 * The deals of a match in log order, from its stored events: each `handStarted` opens a deal
 * that its four `dealt` events and its `faceUp` event complete. A deal the log does not show
 * whole (a match cut off mid-deal) is left out.
 */
export function dealsFromEvents(events: readonly unknown[]): LoggedDeal[] {
  const out: LoggedDeal[] = [];
  let open: { dealer: number; dealt: (string[] | undefined)[]; faceUp?: string } | undefined;
  const close = (): void => {
    if (open && open.faceUp !== undefined && open.dealt.every((d) => d !== undefined)) {
      out.push({ dealer: open.dealer, dealt: open.dealt as string[][], faceUp: open.faceUp });
    }
    open = undefined;
  };
  for (const raw of events) {
    const e = raw as { type?: unknown; dealer?: unknown; to?: unknown; cards?: unknown; card?: unknown };
    if (e.type === "handStarted" && typeof e.dealer === "number") {
      close();
      open = { dealer: e.dealer & 3, dealt: [undefined, undefined, undefined, undefined] };
    } else if (open && e.type === "dealt" && typeof e.to === "number" && e.to >= 0 && e.to < 4 && Array.isArray(e.cards)) {
      open.dealt[e.to] = e.cards.map(String);
    } else if (open && e.type === "faceUp" && typeof e.card === "string") {
      open.faceUp = e.card;
      close();
    }
  }
  close();
  return out;
}
