import { langStore } from "../../i18n/index.js";

/**
 * Baloot words in English and as Saudi players say them (shared/BALOOT_RULES.md glossary).
 * Only names: what is legal always comes from the server's `legalActions`.
 */

type Pair = { en: string; ar: string };
const pick = (p: Pair): string => p[langStore.get()];

const SUITS: Record<string, Pair & { symbol: string }> = {
  S: { en: "Spades", ar: "سبيت", symbol: "♠" },
  H: { en: "Hearts", ar: "هاص", symbol: "♥" },
  D: { en: "Diamonds", ar: "ديمن", symbol: "♦" },
  C: { en: "Clubs", ar: "شرية", symbol: "♣" },
};

const RANKS: Record<string, Pair> = {
  "7": { en: "7", ar: "٧" },
  "8": { en: "8", ar: "٨" },
  "9": { en: "9", ar: "٩" },
  "10": { en: "10", ar: "١٠" },
  J: { en: "Jack", ar: "ولد" },
  Q: { en: "Queen", ar: "بنت" },
  K: { en: "King", ar: "شايب" },
  A: { en: "Ace", ar: "إكة" },
};

const WORDS = {
  PASS: { en: "Pass", ar: "بس" },
  WALA: { en: "Pass (wala)", ar: "ولا" },
  SUN: { en: "Sun", ar: "صن" },
  HOKUM: { en: "Hokum", ar: "حكم" },
  ASHKAL: { en: "Ashkal", ar: "أشكل" },
  BEFORE_YOU: { en: "Before you (Sun)", ar: "قبلك (صن)" },
  CONFIRM_HOKUM: { en: "Confirm Hokum", ar: "ثبّت الحكم" },
  CONVERT_SUN: { en: "Switch to Sun", ar: "حوّل صن" },
  KAWESH: { en: "Kawesh", ar: "كوّش" },
  DOUBLE: { en: "Double", ar: "دبل" },
  TRIPLE: { en: "Three", ar: "ثري" },
  FOUR: { en: "Four", ar: "فور" },
  GAHWA: { en: "Gahwa", ar: "قهوة" },
  NO_DOUBLE: { en: "No double", ar: "بدون دبل" },
  CLOSED: { en: "closed", ar: "مقفول" },
  OPEN: { en: "open", ar: "مفتوح" },
  DECLARE: { en: "Declare projects", ar: "أعلن المشاريع" },
  SAWA: { en: "Sawa (claim the rest)", ar: "سوا" },
  QAID: { en: "Qaid (challenge)", ar: "قيد" },
  NO_QAID: { en: "No Qaid", ar: "بدون قيد" },
  AKKA: { en: "Akka", ar: "إكه" },
  BALOOT: { en: "Baloot", ar: "بلوت" },
  PLAY: { en: "Play", ar: "العب" },
  SIRA: { en: "Sira", ar: "سرا" },
  FIFTY: { en: "Fifty", ar: "خمسين" },
  HUNDRED: { en: "Hundred", ar: "مية" },
  FOUR_HUNDRED: { en: "Four hundred", ar: "أربعمية" },
  KABOOT: { en: "Kaboot", ar: "كبوت" },
  MADE: { en: "made", ar: "نجح المشتري" },
  FAILED: { en: "failed (khasara)", ar: "خسرانة" },
  TIE: { en: "tie", ar: "تعادل" },
  REVERSE_KABOOT: { en: "reverse Kaboot", ar: "كبوت معكوس" },
  GAHWA_WON: { en: "Gahwa won", ar: "كسب القهوة" },
  GAHWA_LOST: { en: "Gahwa lost", ar: "خسر القهوة" },
  FOUL: { en: "foul", ar: "قيد" },
  ALL_PASS: { en: "everyone passed (redeal)", ar: "ورق (إعادة توزيع)" },
  TARGET_REACHED: { en: "target reached", ar: "وصل للهدف" },
  FORFEIT: { en: "forfeit", ar: "انسحاب" },
  finished: { en: "finished", ar: "انتهت" },
  forfeit: { en: "forfeit", ar: "انسحاب" },
  abandoned: { en: "abandoned", ar: "متروكة" },
  BIDDING: { en: "Bidding", ar: "الشراء" },
  DOUBLING: { en: "Doubling", ar: "الدبل" },
  PLAYING: { en: "Playing", ar: "اللعب" },
  QAID_WINDOW: { en: "Qaid window", ar: "وقت القيد" },
  OVER: { en: "Over", ar: "انتهت" },
} satisfies Record<string, Pair>;
export type Word = keyof typeof WORDS;

export function word(w: string): string {
  const pair = (WORDS as Record<string, Pair>)[w];
  return pair ? pick(pair) : w;
}

export function suitSymbol(suit: string): string {
  return SUITS[suit]?.symbol ?? suit;
}

export function suitName(suit: string): string {
  const s = SUITS[suit];
  return s ? pick(s) : suit;
}

export function parseCard(card: string): { rank: string; suit: string } {
  return { rank: card.slice(0, -1), suit: card.slice(-1) };
}

/** "Queen of Hearts" / "بنت هاص": what a screen reader says for a card. */
export function cardName(card: string): string {
  const { rank, suit } = parseCard(card);
  const r = RANKS[rank];
  if (!r) return card;
  return langStore.get() === "ar" ? `${pick(r)} ${suitName(suit)}` : `${r.en} of ${suitName(suit)}`;
}

/** A bid as recorded in the auction (`bids[]` / `bid` events). */
export function bidLabel(call: string, round: number, suit: string): string {
  if (call === "PASS") return word(round >= 2 ? "WALA" : "PASS");
  if (call === "HOKUM" && suit) return `${word("HOKUM")} ${suitSymbol(suit)}`;
  return word(call);
}

export interface BalootAction {
  type: string;
  bid?: string;
  suit?: string;
  choice?: string;
  closed?: boolean;
  card?: string;
  akka?: boolean;
  baloot?: boolean;
}

/** The label of one of `legalActions` (the button the player presses). */
export function actionLabel(a: BalootAction, ctx: { round: number; mode: string; faceUpSuit: string }): string {
  const closed = a.closed === undefined ? "" : ` (${word(a.closed ? "CLOSED" : "OPEN")})`;
  switch (a.type) {
    case "bid":
      if (a.bid === "PASS") return word(ctx.round >= 2 ? "WALA" : "PASS");
      if (a.bid === "SUN" && ctx.mode === "BEFORE_YOU") return word("BEFORE_YOU");
      if (a.bid === "HOKUM") return `${word("HOKUM")} ${suitSymbol(a.suit ?? ctx.faceUpSuit)}`;
      return word(a.bid ?? "");
    case "confirm":
      return word(a.choice === "SUN" ? "CONVERT_SUN" : "CONFIRM_HOKUM");
    case "kawesh":
      return word("KAWESH");
    case "double":
      return word("DOUBLE") + closed;
    case "triple":
      return word("TRIPLE") + closed;
    case "four":
      return word("FOUR") + closed;
    case "gahwa":
      return word("GAHWA") + closed;
    case "skipDouble":
      return word("NO_DOUBLE");
    case "setClosed":
      return word(a.closed ? "CLOSED" : "OPEN");
    case "declareProjects":
      return word("DECLARE");
    case "sawa":
      return word("SAWA");
    case "qaid":
      return word("QAID");
    case "skipQaid":
      return word("NO_QAID");
    case "play": {
      const extras = [a.akka ? word("AKKA") : "", a.baloot ? word("BALOOT") : ""].filter(Boolean).join(" + ");
      return `${word("PLAY")} ${cardName(a.card ?? "")}${extras ? ` + ${extras}` : ""}`;
    }
    default:
      return a.type;
  }
}
