/**
 * Pure scoring and project functions for outside tools (score-sheet apps, analysis, rules suites),
 * exported from the package entry. Inputs and outputs are per team, cards are names ("10H"), and
 * the last-trick 10 (الأرض) is added here from `lastTrickTeam`. Rules come from the same options
 * as a match (`profile`, `overrides`, `targetScore`), validated the same way (README: "Exports").
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { maskOf, parseCard, SUITS } from "./cards.js";
import { namesOf } from "./deal.js";
import { resolveProfile, type BalootOptions } from "./engine.js";
import type { ScoreSheetTeam } from "./events.js";
import { sheetTeam } from "./hand.js";
import * as projects from "./projects.js";
import * as scoring from "./scoring.js";
import type { RuleProfile } from "./profile.js";

/** The rule options a scoring call understands (a subset of the match options). */
export type RulesOptions = Pick<BalootOptions, "profile" | "overrides" | "targetScore">;
export type Contract = "SUN" | "HOKUM";

export interface ProjectInfo {
  kind: projects.ProjectKind;
  cards: string[];
  /** Raw abnat (20 / 50 / 100 / 200). */
  raw: number;
  /** Game points in this contract (undoubled). */
  gamePoints: number;
}

/** A declared project: the seat that declared it and its cards. */
export interface SeatProject {
  seat: number;
  cards: readonly string[] | string;
}

function badInput(message: string): never {
  throw new IllegalAction("BAD_INPUT", message);
}

function rulesOf(options: RulesOptions | undefined): RuleProfile {
  if (options === undefined) return resolveProfile({});
  const { profile, overrides, targetScore, ...rest } = options;
  if (Object.keys(rest).length > 0) badInput(`unknown rules option(s): ${Object.keys(rest).join(", ")}; allowed: profile, overrides, targetScore`);
  return resolveProfile({ profile, overrides, targetScore });
}

function maskFrom(cards: readonly string[] | string, what: string): number {
  const list = typeof cards === "string" ? cards.split(/[\s,]+/).filter((x) => x.length > 0) : cards;
  if (!Array.isArray(list)) badInput(`${what} must be a list of cards`);
  const ints = list.map((n) => {
    const c = typeof n === "string" ? parseCard(n) : -1;
    if (c < 0) badInput(`${what}: not a card: ${JSON.stringify(n)}`);
    return c;
  });
  if (new Set(ints).size !== ints.length) badInput(`${what}: a card is listed twice`);
  return maskOf(ints);
}

function checkContract(contract: unknown): Contract {
  if (contract !== "SUN" && contract !== "HOKUM") badInput('contract must be "SUN" or "HOKUM"');
  return contract;
}

function seatOk(seat: unknown, what: string): number {
  if (!Number.isInteger(seat) || (seat as number) < 0 || (seat as number) > 3) badInput(`${what} must be a seat 0..3`);
  return seat as number;
}

function info(p: projects.Project, contract: Contract): ProjectInfo {
  return { kind: p.kind, cards: namesOf(p.cards), raw: p.raw, gamePoints: projects.projectGP(p, contract) };
}

/** The projects one player would declare as "my best" (§9.1: one card one project, the cap), strongest first. */
export function findProjects(cards: readonly string[] | string, contract: Contract, rules?: RulesOptions): ProjectInfo[] {
  const c = checkContract(contract);
  const profile = rulesOf(rules);
  const list = projects.findProjects(maskFrom(cards, "cards"), c, profile);
  return projects.sortProjects(list.slice(), c).map((p) => info(p, c));
}

/** A declared project as the engine knows it: it must be one whole run (3+) or four of a kind (§9.1). */
function projectOf(p: SeatProject, contract: Contract, profile: RuleProfile, i: number): projects.Project {
  seatOk(p?.seat, `projects[${i}].seat`);
  const mask = maskFrom(p.cards, `projects[${i}].cards`);
  const found = projects.findProjects(mask, contract, { ...profile, projects: { ...profile.projects, maxPerPlayer: 0 } }).find((x) => x.cards === mask);
  if (!found) badInput(`projects[${i}]: ${namesOf(mask).join(" ")} is not a project in ${contract} (a run of 3+ in one suit or four of a kind, §9.1)`);
  return found;
}

function perSeat(list: readonly SeatProject[] | undefined, contract: Contract, profile: RuleProfile): projects.Project[][] {
  const out: projects.Project[][] = [[], [], [], []];
  if (list === undefined) return out;
  if (!Array.isArray(list)) badInput("projects must be a list of { seat, cards }");
  list.forEach((p, i) => out[p.seat]!.push(projectOf(p, contract, profile, i)));
  return out;
}

export interface TeamProjectsComparison {
  /** Team whose projects count (§9.3), null when nobody declared. */
  winnerTeam: 0 | 1 | null;
  /** Seat holding the single best project (ties go to the seat nearer the dealer's right, §9.2). */
  bestSeat: number | null;
  /** Per team: the projects that count (empty for the losing team), their raw total and game points. */
  teams: [{ projects: ProjectInfo[]; raw: number; gamePoints: number }, { projects: ProjectInfo[]; raw: number; gamePoints: number }];
}

/** §9.2–9.3: compares the two teams' best projects; only the winning team's projects count. */
export function compareTeamProjects(
  input: { contract: Contract; dealer: number; projects: readonly SeatProject[] },
  rules?: RulesOptions,
): TeamProjectsComparison {
  const contract = checkContract(input?.contract);
  const dealer = seatOk(input.dealer, "dealer");
  const profile = rulesOf(rules);
  const declared = perSeat(input.projects, contract, profile);
  const cmp = projects.compareTeamProjects(declared, dealer, contract, profile);
  const team = (t: 0 | 1) => {
    const list = cmp.winnerTeam === t ? [declared[t]!, declared[t + 2]!].flat() : [];
    const shown = projects.sortProjects(list.slice(), contract).map((p) => info(p, contract));
    return { projects: shown, raw: shown.reduce((a, p) => a + p.raw, 0), gamePoints: shown.reduce((a, p) => a + p.gamePoints, 0) };
  };
  return { winnerTeam: cmp.winnerTeam, bestSeat: cmp.bestSeat, teams: [team(0), team(1)] };
}

/** What happened in one hand, per team. */
export interface HandInput {
  contract: Contract;
  /** Trump suit of a Hokum. */
  trump?: "S" | "H" | "D" | "C";
  buyer: number;
  dealer: number;
  /** Doubling level 1..4 (default 1); Gahwa; closed; the doubler (needed when doubled). */
  level?: 1 | 2 | 3 | 4;
  gahwa?: boolean;
  closed?: boolean;
  doubler?: number;
  /** The seat that made the last raise (default: the doubler at ×2/×4, the buyer at ×3/Gahwa). */
  lastRaiser?: number;
  /** Per team: card points of the tricks it won (without the last-trick 10) and how many tricks. */
  teams: readonly [{ cardPoints: number; tricks: number }, { cardPoints: number; tricks: number }];
  /** The team that won trick 8: it gets the 10 (الأرض) here. */
  lastTrickTeam: 0 | 1;
  /** Projects declared in trick 1. */
  projects?: readonly SeatProject[];
  /** The seat holding the trump K+Q (Hokum) and whether he announced Baloot. */
  baloot?: { seat: number; announced: boolean };
  /** Match score before the hand (default [0, 0]). */
  scoresBefore?: readonly [number, number];
  /** Reverse kaboot (§10.6 flag): the buyer held an Ace. */
  buyerHeldAce?: boolean;
}

export interface HandResult {
  /** MADE | FAILED | TIE | KABOOT | REVERSE_KABOOT | GAHWA_WON | GAHWA_LOST. */
  result: scoring.HandOutcome;
  winnerTeam: 0 | 1 | null;
  kaboot: boolean;
  kabootTeam: 0 | 1 | null;
  projectTeam: 0 | 1 | null;
  /** Seat whose Baloot scored, or null. */
  balootHolder: number | null;
  /** Gahwa: the hand decided the match. */
  decidedMatch: boolean;
  /** Per team: الأكلات, الأرض, المشاريع, الأبناط, النتيجة (§10.9). */
  teams: [ScoreSheetTeam, ScoreSheetTeam];
  gamePoints: [number, number];
}

/** §10: scores one hand (kaboot, doubled, Gahwa, made/failed/tie) under the given rules. */
export function scoreHand(input: HandInput, rules?: RulesOptions): HandResult {
  const profile = rulesOf(rules);
  if (input === null || typeof input !== "object") badInput("a hand must be an object");
  const contract = checkContract(input.contract);
  const buyer = seatOk(input.buyer, "buyer");
  const dealer = seatOk(input.dealer, "dealer");
  let trump = -1;
  if (contract === "HOKUM") {
    trump = SUITS.indexOf(input.trump as (typeof SUITS)[number]);
    if (trump < 0) badInput("a Hokum needs trump S, H, D or C");
  } else if (input.trump !== undefined) badInput("a Sun has no trump");
  const level = input.level ?? 1;
  if (![1, 2, 3, 4].includes(level)) badInput("level must be 1, 2, 3 or 4");
  if (contract === "SUN" && (level > 2 || input.gahwa)) badInput("a Sun is only doubled (×2)");
  const doubler = input.doubler === undefined ? null : seatOk(input.doubler, "doubler");
  if ((level >= 2 || input.gahwa === true) !== (doubler !== null)) badInput("give the doubler exactly when the hand is doubled");
  if (doubler !== null && (doubler & 1) === (buyer & 1)) badInput("the doubler is an opponent of the buyer");
  const teams = input.teams;
  if (!Array.isArray(teams) || teams.length !== 2) badInput("teams must list 2 teams");
  for (const t of teams) {
    if (!Number.isInteger(t?.cardPoints) || t.cardPoints < 0 || !Number.isInteger(t.tricks) || t.tricks < 0) badInput("each team needs integer cardPoints and tricks ≥ 0");
  }
  if (teams[0].tricks + teams[1].tricks !== 8) badInput("the two teams' tricks must add up to 8");
  const total = contract === "SUN" ? 120 : 152;
  if (teams[0].cardPoints + teams[1].cardPoints !== total) badInput(`card points must add up to ${total} in ${contract} (without the last-trick 10, which is added here)`);
  if (input.lastTrickTeam !== 0 && input.lastTrickTeam !== 1) badInput("lastTrickTeam must be 0 or 1");
  if (teams[input.lastTrickTeam].tricks === 0) badInput("the team that won the last trick has at least one trick");
  const declared = perSeat(input.projects, contract, profile);
  const baloot = input.baloot;
  if (baloot !== undefined) {
    seatOk(baloot.seat, "baloot.seat");
    if (contract !== "HOKUM") badInput("Baloot exists only in Hokum");
  }
  const scores = input.scoresBefore ?? [0, 0];
  const sheet = scoring.scoreHand(
    {
      contract,
      trump,
      buyer,
      dealer,
      level,
      gahwa: input.gahwa === true,
      lastRaiser: input.lastRaiser ?? (doubler === null ? null : input.gahwa || level === 3 ? buyer : doubler),
      initialDoubler: doubler,
      closed: input.closed === true,
      cardPoints: [teams[0].cardPoints, teams[1].cardPoints],
      lastTrickTeam: input.lastTrickTeam,
      tricksWon: [teams[0].tricks, teams[1].tricks],
      declared,
      baloot: { holder: baloot ? baloot.seat : null, announced: baloot?.announced === true },
      matchScoresBefore: [scores[0], scores[1]],
      buyerHeldAce: input.buyerHeldAce === true,
    },
    profile,
  );
  return {
    result: sheet.outcome,
    winnerTeam: sheet.handWinnerTeam,
    kaboot: sheet.kaboot,
    kabootTeam: sheet.kabootTeam,
    projectTeam: sheet.projectWinnerTeam,
    balootHolder: sheet.balootScored ? sheet.balootHolder : null,
    decidedMatch: sheet.decidedMatch,
    teams: [sheetTeam(sheet, 0), sheetTeam(sheet, 1)],
    gamePoints: [sheet.gamePoints[0], sheet.gamePoints[1]],
  };
}

/** §11: adds a scored hand to the match score: over when a team reaches the target (both → higher total; equal → another hand) or a Gahwa decided it. */
export function applyHandToMatch(
  scores: readonly [number, number],
  hand: Pick<HandResult, "gamePoints" | "decidedMatch" | "winnerTeam">,
  rules?: RulesOptions,
): { scores: [number, number]; over: boolean; winnerTeam: 0 | 1 | null } {
  const profile = rulesOf(rules);
  if (!Array.isArray(scores) || scores.length !== 2 || !scores.every((x) => Number.isInteger(x))) badInput("scores must be two integers");
  const sheet = { gamePoints: hand.gamePoints, decidedMatch: hand.decidedMatch, matchWinnerTeam: hand.decidedMatch ? hand.winnerTeam : null } as scoring.ScoreSheet;
  return scoring.applyHandToMatch([scores[0], scores[1]], sheet, profile);
}
