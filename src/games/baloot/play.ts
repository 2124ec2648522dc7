/**
 * Card play (§8): the 8 tricks, with project announcement in trick 1 and the comparison/reveal
 * when trick 2 starts (§9.4), Baloot announcement (§9.5), Akka (§12.2) and, under the QAID profile,
 * illegal cards accepted and recorded as fouls (§12.3).
 */
import { RK, RQ, card as makeCard, has, popcount } from "./cards.js";
import { illegal, type Move } from "./actions.js";
import { akkaValid } from "./akka.js";
import { finishPlay } from "./hand.js";
import { legalCardMask } from "./legal.js";
import { compareTeamProjects, findProjects, projectCombinations, sortProjects, type Project, type ProjectKind } from "./projects.js";
import { CARD_NAMES, beats, cardPoints } from "./tables.js";
import type { BalootEvent } from "./events.js";
import type { BalootState } from "./state.js";
import { namesOf } from "./deal.js";

export function startPlay(state: BalootState, events: BalootEvent[] | null): void {
  const h = state.hand;
  const c = h.contract!;
  state.phase = "PLAYING";
  h.leader = (state.dealer + 1) & 3; // §8.1: D+1 leads trick 1 whoever bought.
  h.trickNo = 0;
  state.turn = h.leader;
  if (c.kind === "HOKUM") {
    const k = makeCard(c.trump, RK);
    const q = makeCard(c.trump, RQ);
    for (let s = 0; s < 4; s++) if (has(h.full[s]!, k) && has(h.full[s]!, q)) h.baloot.holder = s;
  }
  if (events) events.push({ type: "playStarted", leader: h.leader, level: h.level, closed: h.closed, gahwa: h.gahwa });
}

/** May `seat` announce Baloot with `card` now (§9.5, SECOND_CARD / FIRST_CARD)? */
export function balootAnnounceOk(state: BalootState, seat: number, card: number): boolean {
  const h = state.hand;
  const c = h.contract!;
  if (c.kind !== "HOKUM" || h.baloot.holder !== seat || h.baloot.announced) return false;
  if (card >>> 3 !== c.trump) return false;
  const r = card & 7;
  if (r !== RK && r !== RQ) return false;
  const other = makeCard(c.trump, r === RK ? RQ : RK);
  const otherPlayed = has(h.played, other);
  return state.profile.projects.balootAnnounce === "SECOND_CARD" ? otherPlayed : !otherPlayed;
}

export function canDeclare(state: BalootState, seat: number): boolean {
  const h = state.hand;
  return (
    state.phase === "PLAYING" &&
    h.trickNo === 0 &&
    seat === state.turn &&
    h.declared[seat] === null &&
    findProjects(h.full[seat]!, h.contract!.kind, state.profile).length > 0
  );
}

/** Play moves for the seat to act: every legal card, plus Akka / Baloot variants where valid. */
export function playMoves(state: BalootState, seat: number, out: Move[]): void {
  let m = legalCardMask(state, seat);
  const h = state.hand;
  const leading = h.trick.length === 0;
  while (m !== 0) {
    const c = 31 - Math.clz32((m & -m) >>> 0);
    m = (m & (m - 1)) >>> 0;
    out.push({ k: "play", card: c, akka: false, baloot: false });
    if (akkaValid(c, h.contract!.trump, h.played, leading)) out.push({ k: "play", card: c, akka: true, baloot: false });
    if (balootAnnounceOk(state, seat, c)) out.push({ k: "play", card: c, akka: false, baloot: true });
  }
}

type DeclareMove = Extract<Move, { k: "declare" }>;

/**
 * §9.4: announce projects in trick 1. Without a choice, the best combination (findProjects); with
 * one, exactly the named projects, which must all belong to one legal combination of the hand
 * (projectCombinations) and respect `maxPerPlayer` — a player may leave a project out on purpose.
 */
export function applyDeclare(state: BalootState, seat: number, move: DeclareMove, events: BalootEvent[] | null): void {
  const h = state.hand;
  if (h.trickNo !== 0) illegal("PROJECTS_CLOSED", "projects are announced in trick 1 only");
  if (h.declared[seat] !== null) illegal("ALREADY_DECLARED", "projects already declared");
  const kind = h.contract!.kind;
  const list = move.choice ? chosenProjects(h.full[seat]!, kind, state, move.choice) : findProjects(h.full[seat]!, kind, state.profile);
  if (list.length === 0) illegal("NO_PROJECT", "no project in this hand");
  h.declared[seat] = list;
  // Only the kinds are public in trick 1.
  if (events) events.push({ type: "projectsDeclared", seat, kinds: list.map((p) => p.kind) });
}

function chosenProjects(hand: number, contract: "SUN" | "HOKUM", state: BalootState, choice: { cards: number; kind: string | null }[]): Project[] {
  if (choice.length === 0) illegal("ILLEGAL_PROJECTS", "name at least one project, or declare nothing");
  const combos = projectCombinations(hand, contract, state.profile);
  const picked: Project[] = [];
  for (const c of choice) {
    if (((c.cards & ~hand) >>> 0) !== 0) illegal("PROJECT_NOT_HELD", `${namesOf(c.cards).join(" ")}: not all in your hand`);
    let found: Project | null = null;
    for (const combo of combos) for (const p of combo) if (p.cards === c.cards) found = p;
    if (!found) illegal("PROJECT_NOT_HELD", `${namesOf(c.cards).join(" ")} is not a project of your hand (a whole run or four of a kind, §9.1)`);
    if (c.kind !== null && c.kind !== found.kind) illegal("PROJECT_NOT_HELD", `${namesOf(c.cards).join(" ")} is a ${found.kind}, not a ${c.kind}`);
    if (picked.some((p) => p.cards === found.cards)) illegal("ILLEGAL_PROJECTS", "a project is named twice");
    picked.push(found);
  }
  if (!combos.some((combo) => picked.every((p) => combo.includes(p)))) {
    illegal("ILLEGAL_PROJECTS", "these projects share cards: one card serves one project (§9.1)");
  }
  const cap = state.profile.projects.maxPerPlayer;
  if (cap > 0 && picked.length > cap) illegal("ILLEGAL_PROJECTS", `at most ${cap} projects per player`);
  return sortProjects(picked, contract);
}

/** The explicit declarations a seat may make: every non-empty subset of each legal combination, within the cap. */
export function declareChoices(state: BalootState, seat: number): { cards: number; kind: string | null }[][] {
  const h = state.hand;
  const contract = h.contract!.kind;
  const cap = state.profile.projects.maxPerPlayer;
  const out: { cards: number; kind: string | null }[][] = [];
  for (const combo of projectCombinations(h.full[seat]!, contract, state.profile)) {
    const sorted = sortProjects(combo.slice(), contract);
    for (let sub = 1; sub < 1 << sorted.length; sub++) {
      const size = popcount(sub);
      if (cap > 0 && size > cap) continue;
      // Two combinations may share a subset (the same projects in the same order): listed once.
      if (listed(out, sorted, sub, size)) continue;
      const pick: { cards: number; kind: string | null }[] = [];
      for (let i = 0; i < sorted.length; i++) if ((sub >> i) & 1) pick.push({ cards: sorted[i]!.cards, kind: sorted[i]!.kind });
      out.push(pick);
    }
  }
  return out;
}

/** Whether `out` already holds the projects of `sorted` picked by the bits of `sub` (same cards, same order). */
function listed(out: readonly { cards: number }[][], sorted: readonly Project[], sub: number, size: number): boolean {
  for (const choice of out) {
    if (choice.length !== size) continue;
    let k = 0;
    let same = true;
    for (let i = 0; i < sorted.length && same; i++) if ((sub >> i) & 1) same = choice[k++]!.cards === sorted[i]!.cards;
    if (same) return true;
  }
  return false;
}

type PlayMove = Extract<Move, { k: "play" }>;

/**
 * The `play` events, shared and frozen: index (((seat << 5) | card) << 2) | (akka << 1) | baloot.
 * A card is played on most actions; the fields are written in the order a built event had them
 * (type, seat, card, then akka and baloot only when true), so the JSON is the same.
 */
const PLAY_EVENTS: readonly BalootEvent[] = Array.from({ length: 512 }, (_, i) => {
  const e: BalootEvent = { type: "play", seat: i >>> 7, card: CARD_NAMES[(i >>> 2) & 31] as string };
  if (i & 2) e.akka = true;
  if (i & 1) e.baloot = true;
  return Object.freeze(e);
});

export function applyPlay(state: BalootState, seat: number, move: PlayMove, events: BalootEvent[] | null): void {
  const h = state.hand;
  const card = move.card;
  const contract = h.contract!;
  if (!has(h.hands[seat]!, card)) illegal("CARD_NOT_IN_HAND", `${CARD_NAMES[card]} is not in your hand`);
  const legal = has(legalCardMask(state, seat), card);
  if (!legal && state.profile.play.illegalCard === "REJECT") illegal("ILLEGAL_CARD", `${CARD_NAMES[card]} may not be played now`);
  const leading = h.trick.length === 0;
  if (move.akka && !akkaValid(card, contract.trump, h.played, leading)) {
    illegal("INVALID_AKKA", "Akka needs a non-trump, non-Ace lead that is the highest unplayed card of its suit");
  }
  if (move.baloot && !balootAnnounceOk(state, seat, card)) illegal("INVALID_BALOOT", "Baloot cannot be announced with this card now");
  // Validation complete: mutate.
  if (!legal) h.fouls.push({ seat, trick: h.trickNo, card });
  h.hands[seat] = (h.hands[seat]! & ~(1 << card)) >>> 0;
  h.played = (h.played | (1 << card)) >>> 0;
  if (move.baloot) {
    h.baloot.announced = true;
    h.baloot.announcedBy = seat;
  }
  if (leading) {
    h.akka = move.akka;
    h.winSeat = seat;
    h.winCard = card;
  } else if (beats(card, h.winCard, contract.trump)) {
    h.winSeat = seat;
    h.winCard = card;
  }
  h.trick.push(card);
  if (events) events.push(PLAY_EVENTS[(((seat << 5) | card) << 2) | (move.akka ? 2 : 0) | (move.baloot ? 1 : 0)]!);
  if (h.trick.length < 4) {
    state.turn = (seat + 1) & 3;
    return;
  }
  completeTrick(state, events);
}

function completeTrick(state: BalootState, events: BalootEvent[] | null): void {
  const h = state.hand;
  const trump = h.contract!.trump;
  let pts = 0;
  for (let i = 0; i < 4; i++) pts += cardPoints(h.trick[i]!, trump);
  const winner = h.winSeat;
  const team = winner & 1;
  h.points[team]! += pts;
  h.tricksWon[team]!++;
  // The record keeps an exact-size copy; the trick array itself is emptied and reused (a fresh
  // array reserves 17 slots on its first push, eight times a hand).
  const t = h.trick;
  const cards = [t[0]!, t[1]!, t[2]!, t[3]!];
  h.tricks.push({ leader: h.leader, cards, winner, points: pts });
  if (events) {
    const names: string[] = [CARD_NAMES[cards[0]!]!, CARD_NAMES[cards[1]!]!, CARD_NAMES[cards[2]!]!, CARD_NAMES[cards[3]!]!];
    events.push({ type: "trick", trick: h.trickNo, leader: h.leader, cards: names, winner, points: pts });
  }
  // Popped, not `length = 0` (which drops the array's backing store).
  while (t.length > 0) t.pop();
  h.akka = false;
  if (h.trickNo === 0) compareProjects(state, events);
  if (h.trickNo === 7) {
    h.lastTrickTeam = team;
    h.trickNo = 8;
    finishPlay(state, events);
    return;
  }
  h.trickNo++;
  h.leader = winner;
  state.turn = winner;
}

/** End of trick 1 (§9.4): compare best projects; the winning team's cards are shown in trick 2. */
function compareProjects(state: BalootState, events: BalootEvent[] | null): void {
  const h = state.hand;
  const d = h.declared;
  if (d[0] === null && d[1] === null && d[2] === null && d[3] === null) return;
  const declared = [d[0] ?? [], d[1] ?? [], d[2] ?? [], d[3] ?? []];
  const cmp = compareTeamProjects(declared, state.dealer, h.contract!.kind, state.profile);
  h.projectTeam = cmp.winnerTeam ?? -1;
  h.projectsRevealed = true;
  if (events) {
    const shown: { seat: number; kind: ProjectKind; cards: string[]; raw: number }[] = [];
    if (cmp.winnerTeam !== null) {
      for (let s = 0; s < 4; s++) {
        if ((s & 1) !== cmp.winnerTeam) continue;
        for (const p of declared[s]!) shown.push({ seat: s, kind: p.kind, cards: namesOf(p.cards), raw: p.raw });
      }
    }
    events.push({ type: "projectsRevealed", winnerTeam: cmp.winnerTeam, projects: shown });
  }
}
