/**
 * Hand lifecycle: cancellation (all pass / Kawesh), the end of play (QAID window), scoring through
 * scoring.ts, the match update (§11) and dealing the next hand with the dealer rotated (§3).
 */
import { startHand, namesOf } from "./deal.js";
import { applyHandToMatch, scoreHand, type HandScoreInput, type ScoreSheet, type Team } from "./scoring.js";
import { SUITS } from "./cards.js";
import type { Project } from "./projects.js";
import type { BalootEvent, HandScoreSheet, ScoreSheetTeam } from "./events.js";
import type { BalootState } from "./state.js";

/** Aces of all suits: bit rank 7 of each suit. */
const ACES = 0x80808080;

function nextHand(state: BalootState, rotate: boolean, events: BalootEvent[] | null): void {
  if (rotate) state.dealer = (state.dealer + 1) & 3;
  state.handNo++;
  startHand(state, events);
}

/** Thrown-in hand: no score, dealer rotates unless the profile keeps him (§6.7, §6.9). */
export function cancelHand(state: BalootState, reason: "ALL_PASS" | "KAWESH", rotate: boolean, events: BalootEvent[] | null): void {
  if (events) events.push({ type: "handCancelled", hand: state.handNo, reason });
  nextHand(state, rotate, events);
}

/** After trick 8 (or a valid Sawa): QAID profiles first offer a last challenge, then the hand is scored. */
export function finishPlay(state: BalootState, events: BalootEvent[] | null): void {
  if (state.profile.play.illegalCard === "QAID" && state.hand.foulTeam < 0) {
    state.phase = "QAID_WINDOW";
    // One seat of each team is asked, D+1 first (the window opens in every hand, so it leaks nothing).
    state.hand.dbl.queue = [(state.dealer + 1) & 3, (state.dealer + 2) & 3];
    state.turn = state.hand.dbl.queue[0]!;
    return;
  }
  scoreAndAdvance(state, events);
}

export function buildScoreInput(state: BalootState): HandScoreInput {
  const h = state.hand;
  const c = h.contract!;
  const declared: Project[][] = [h.declared[0] ?? [], h.declared[1] ?? [], h.declared[2] ?? [], h.declared[3] ?? []];
  return {
    contract: c.kind,
    trump: c.trump,
    buyer: c.buyer,
    dealer: state.dealer,
    level: h.level as 1 | 2 | 3 | 4,
    gahwa: h.gahwa,
    lastRaiser: h.lastRaiser < 0 ? null : h.lastRaiser,
    initialDoubler: h.doubler < 0 ? null : h.doubler,
    closed: h.closed,
    cardPoints: [h.points[0]!, h.points[1]!],
    // -1 when the hand stopped before trick 8 (a foul): no team gets the ground then.
    lastTrickTeam: h.lastTrickTeam as Team,
    tricksWon: [h.tricksWon[0]!, h.tricksWon[1]!],
    declared,
    baloot: { holder: h.baloot.holder < 0 ? null : h.baloot.holder, announced: h.baloot.announced },
    matchScoresBefore: [state.scores[0]!, state.scores[1]!],
    foul: h.foulTeam >= 0 ? { offendingTeam: h.foulTeam as Team } : undefined,
    buyerHeldAce: ((h.full[c.buyer]! & ACES) >>> 0) !== 0,
  };
}

function projectList(list: readonly Project[]): ScoreSheetTeam["projects"] {
  const out: ScoreSheetTeam["projects"] = [];
  for (const p of list) out.push({ kind: p.kind, raw: p.raw, cards: namesOf(p.cards) });
  return out;
}

export function sheetTeam(sheet: ScoreSheet, t: 0 | 1): ScoreSheetTeam {
  const s = sheet.teams[t];
  return {
    cardPoints: s.cardPoints,
    ground: s.ground,
    projects: projectList(s.projects),
    projectsRaw: s.projectRaw,
    balootRaw: s.baloot.raw,
    abnat: s.abnat,
    gamePoints: s.gamePoints,
    awarded: { ...s.awarded },
    tricks: s.tricks,
  };
}

/**
 * The handScored event: `type` then the public score sheet (§10.9), written out as one literal in
 * the sheet's field order (spreading a built sheet into the event copied its 25 fields one by one).
 */
function handScoredEvent(state: BalootState, sheet: ScoreSheet, scoresAfter: number[]): { type: "handScored" } & HandScoreSheet {
  const h = state.hand;
  const c = h.contract!;
  return {
    type: "handScored",
    hand: state.handNo,
    dealer: state.dealer,
    contract: c.kind,
    trump: c.trump < 0 ? null : (SUITS[c.trump] as string),
    buyer: c.buyer,
    ashkal: c.ashkal,
    level: h.level,
    gahwa: h.gahwa,
    closed: h.closed,
    doubler: h.doubler < 0 ? null : h.doubler,
    result: sheet.outcome,
    winnerTeam: sheet.handWinnerTeam,
    kaboot: sheet.kaboot,
    kabootTeam: sheet.kabootTeam,
    projectTeam: sheet.projectWinnerTeam,
    balootHolder: sheet.balootScored ? sheet.balootHolder : null,
    foulTeam: sheet.foul ? sheet.foul.offendingTeam : null,
    foulReason: h.foulReason || null,
    sawaTeam: h.sawaTeam < 0 ? null : h.sawaTeam,
    teams: [sheetTeam(sheet, 0), sheetTeam(sheet, 1)],
    gamePoints: [sheet.gamePoints[0], sheet.gamePoints[1]],
    scoresBefore: state.scores.slice(),
    scoresAfter,
  };
}

// Note for the owner of scoring.ts: scoreHand + applyHandToMatch take ~5–8 µs per hand, about a
// fifth of the random-play bench budget (25 µs/hand). Under tsx (esbuild keepNames) every closure
// created inside scoreHand (ground, abnat, testAbnat, kabootBase, teamSheet, zero, …) costs an
// Object.defineProperty per call; hoisting them to module level would make it noticeably cheaper.
export function scoreAndAdvance(state: BalootState, events: BalootEvent[] | null): void {
  const sheet = scoreHand(buildScoreInput(state), state.profile);
  const upd = applyHandToMatch([state.scores[0]!, state.scores[1]!], sheet, state.profile);
  if (events) events.push(handScoredEvent(state, sheet, upd.scores.slice()));
  state.scores = upd.scores.slice();
  if (upd.over) {
    state.phase = "OVER";
    state.turn = -1;
    const reason = sheet.decidedMatch ? "GAHWA" : "TARGET_REACHED";
    state.outcome = { winnerTeam: upd.winnerTeam, scores: state.scores.slice(), reason };
    if (events) events.push({ type: "matchOver", winnerTeam: upd.winnerTeam, scores: state.scores.slice(), reason });
    return;
  }
  nextHand(state, true, events);
}
