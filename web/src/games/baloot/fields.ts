/**
 * Readers of the Baloot state's text fields, in the formats of docs/PROTOCOL.md §3 "Baloot table":
 * a list is tokens separated by one space, a token's parts are separated by ":", and a list of
 * cards inside a token is separated by ","; "" is the empty list. Card codes, calls and project
 * kinds never contain a space, ":" or ",". Pure functions (no DOM): the server's tests read the
 * decoded state with them too.
 */

export interface CardPlayed {
  seat: number;
  card: string;
}

export interface Bid {
  seat: number;
  round: number;
  call: string;
  /** The suit a Hokum call names; "" for other calls. */
  suit: string;
}

export interface Raise {
  seat: number;
  /** 2 double, 3 three, 4 four, 5 gahwa. */
  level: number;
  closed: boolean;
}

export interface Project {
  kind: string;
  cards: string[];
}

export interface SeatProject extends Project {
  seat: number;
}

function list(text: string): string[] {
  return text === "" ? [] : text.split(" ");
}

/** A hand: "7S 10H AC" → ["7S", "10H", "AC"]. */
export function cardList(text: string): string[] {
  return list(text);
}

/** A trick: "1:7S 2:10S" → [{ seat: 1, card: "7S" }, { seat: 2, card: "10S" }], in play order. */
export function trickCards(text: string): CardPlayed[] {
  return list(text).map((token) => {
    const [seat, card] = token.split(":");
    return { seat: Number(seat), card: card ?? "" };
  });
}

/** The auction: "1:1:PASS 2:1:HOKUM:S" → bids in order. */
export function bidList(text: string): Bid[] {
  return list(text).map((token) => {
    const [seat, round, call, suit] = token.split(":");
    return { seat: Number(seat), round: Number(round), call: call ?? "", suit: suit ?? "" };
  });
}

/** Raises: "1:2:open 2:3:closed" → raises in order. */
export function raiseList(text: string): Raise[] {
  return list(text).map((token) => {
    const [seat, level, closed] = token.split(":");
    return { seat: Number(seat), level: Number(level), closed: closed === "closed" };
  });
}

/** Declared kinds: "0:SIRA 0:FIFTY 3:HUNDRED" → [{ seat, kind }] in order. */
export function declaredKinds(text: string): { seat: number; kind: string }[] {
  return list(text).map((token) => {
    const [seat, kind] = token.split(":");
    return { seat: Number(seat), kind: kind ?? "" };
  });
}

/** Revealed projects: "0:SIRA:7S,8S,9S" → [{ seat, kind, cards }]. */
export function revealedProjects(text: string): SeatProject[] {
  return list(text).map((token) => {
    const [seat, kind, cards] = token.split(":");
    return { seat: Number(seat), kind: kind ?? "", cards: cards ? cards.split(",") : [] };
  });
}

/** The seat's own projects: "SIRA:7S,8S,9S FIFTY:10H,JH,QH,KH" → [{ kind, cards }]. */
export function ownProjects(text: string): Project[] {
  return list(text).map((token) => {
    const [kind, cards] = token.split(":");
    return { kind: kind ?? "", cards: cards ? cards.split(",") : [] };
  });
}
