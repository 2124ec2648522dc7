import { cardName, parseCard, suitSymbol } from "./terms.js";

const SUIT_ORDER = ["S", "H", "C", "D"];
const RANK_ORDER = ["7", "8", "9", "10", "J", "Q", "K", "A"];

/** Display order only (suits alternate colours, ranks low to high): no rule is implied. */
export function sortHand(cards: readonly string[]): string[] {
  const key = (c: string) => {
    const { rank, suit } = parseCard(c);
    return SUIT_ORDER.indexOf(suit) * 10 + RANK_ORDER.indexOf(rank);
  };
  return [...cards].sort((a, b) => key(a) - key(b));
}

export function CardFace({ card, small }: { card: string; small?: boolean }) {
  const { rank, suit } = parseCard(card);
  return (
    <span class={`card suit-${suit}${small ? " small" : ""}`} data-card={card} role="img" aria-label={cardName(card)}>
      <span aria-hidden="true">{rank}</span>
      <span aria-hidden="true">{suitSymbol(suit)}</span>
    </span>
  );
}

export function CardBack({ count }: { count: number }) {
  return (
    <span class="card back" aria-hidden="true">
      {count}
    </span>
  );
}
