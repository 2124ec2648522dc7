/**
 * Hand scoring (§10), Baloot (§9.5) and Qaid fouls (§12.3) of Saudi Baloot. Pure functions: the
 * engine passes what happened in the hand and gets a JSON-serialisable sheet (scoreSheet.ts); the
 * match update after a hand (§11) is in matchScore.ts, re-exported here.
 */
import { bit, card, RK, RQ } from "./cards.js";
import type { RuleProfile } from "./profile.js";
import type { Project, ProjectContract } from "./projects.js";
import { compareTeamProjects, isFourKingsOrQueens, projectGP } from "./projects.js";
import type { Awarded, HandOutcome, HandScoreInput, ScoreSheet, Team, TeamSheet } from "./scoreSheet.js";

export type { Awarded, HandOutcome, HandScoreInput, ScoreSheet, Team, TeamSheet } from "./scoreSheet.js";
export { applyHandToMatch, type MatchUpdate } from "./matchScore.js";

// ---------------------------------------------------------------------------------------------
// Conversion (§10.4)

/** Hokum: tens, remainder 6–9 rounds up, 1–5 drops ("the 5 counts zero", REG 4-11). */
export function hokumGamePoints(x: number): number {
  return Math.floor(x / 10) + (x % 10 >= 6 ? 1 : 0);
}

/**
 * Sun: 2 per ten; remainder 5 counts one, 6–9 count two (REG 4-11, KAM).
 * Variant FIVE_ROUNDS_UP (BLT): round to the nearest ten with 5 up, then ×2.
 */
export function sunGamePoints(x: number, profile: RuleProfile): number {
  if (profile.scoring.sunConversion === "FIVE_ROUNDS_UP") return 2 * Math.floor((x + 5) / 10);
  const r = x % 10;
  return 2 * Math.floor(x / 10) + (r < 5 ? 0 : r === 5 ? 1 : 2);
}

export function handValue(contract: ProjectContract): number {
  return contract === "SUN" ? 26 : 16;
}

function convert(x: number, contract: ProjectContract, profile: RuleProfile): number {
  return contract === "SUN" ? sunGamePoints(x, profile) : hokumGamePoints(x);
}

/** §10.7: projects ×2 at Double, ×1 at Three/Four by default; flag `projectMultiplier`. */
export function projectMultiplier(level: 1 | 2 | 3 | 4, profile: RuleProfile): number {
  return level === 1 ? 1 : profile.doubling.projectMultiplier[level];
}

// ---------------------------------------------------------------------------------------------
// Baloot (§9.5)

function balootIsScored(input: HandScoreInput, profile: RuleProfile, projectWinnerTeam: Team | null): boolean {
  const holder = input.baloot.holder;
  if (input.contract !== "HOKUM" || holder === null || input.trump < 0) return false;
  const counted = projectWinnerTeam === (holder & 1) ? (input.declared[holder] ?? []) : [];
  // REG 5-8: a player who lays four Kings or four Queens does not score Baloot.
  if (counted.some(isFourKingsOrQueens)) return false;
  const kq = (bit(card(input.trump, RK)) | bit(card(input.trump, RQ))) >>> 0;
  for (const p of counted) {
    if (p.form === "SEQUENCE" && ((p.cards & kq) >>> 0) === kq) {
      // Inside a laid sequence Baloot counts even unannounced (REG 5-6), unless the variant
      // lets a sequence Hundred absorb it (SAK, TAZ).
      return !(p.kind === "HUNDRED" && profile.projects.balootInsideSequenceHundred === "ABSORBED");
    }
  }
  return input.baloot.announced;
}

// ---------------------------------------------------------------------------------------------
// Hand scoring (§10.2 order)

interface Ctx {
  input: HandScoreInput;
  profile: RuleProfile;
  V: number;
  buyerTeam: Team;
  countedGP: [number, number];
  balootTeam: Team | null;
  m: number;
}

const other = (t: Team): Team => (t ^ 1) as Team;
const zero = (): [Awarded, Awarded] => [
  { cards: 0, projects: 0, baloot: 0 },
  { cards: 0, projects: 0, baloot: 0 },
];
const total = (a: Awarded): number => a.cards + a.projects + a.baloot;

/** Baloot when `winner` takes the hand: the winner keeps its own; the loser's per §10.5. */
function awardBalootOnLoss(ctx: Ctx, aw: [Awarded, Awarded], winner: Team): void {
  if (ctx.balootTeam === null) return;
  if (ctx.balootTeam === winner) {
    aw[winner].baloot += 2;
    return;
  }
  const mode = ctx.profile.scoring.balootOnFailure;
  if (mode === "OWNER_KEEPS") aw[ctx.balootTeam].baloot += 2;
  else if (mode === "TRANSFER") aw[winner].baloot += 2;
  // VOID: counts for nobody.
}

/** All-or-nothing hand won by `winner` (§10.5, §10.7): V×level + projects×m + Baloot. */
function allOrNothing(ctx: Ctx, winner: Team, cardsValue: number): [Awarded, Awarded] {
  const aw = zero();
  const loser = other(winner);
  aw[winner].cards = cardsValue;
  aw[winner].projects = ctx.countedGP[winner] * ctx.m;
  // The loser's counted projects go to the winner (REG) or vanish (FORFEIT, MJL/ARN).
  if (ctx.profile.scoring.failedBuyerProjects === "TRANSFER") aw[winner].projects += ctx.countedGP[loser] * ctx.m;
  awardBalootOnLoss(ctx, aw, winner);
  return aw;
}

/** §10.6 kaboot by team `k` with card value `base`. */
function kabootAward(ctx: Ctx, k: Team, base: number): [Awarded, Awarded] {
  const aw = zero();
  aw[k].cards = base;
  switch (ctx.profile.scoring.kabootProjects) {
    case "OWN":
      aw[k].projects = ctx.countedGP[k] * ctx.m;
      awardBalootOnLoss(ctx, aw, k);
      break;
    case "ALL_TO_KABOOT_TEAM":
      aw[k].projects = (ctx.countedGP[0] + ctx.countedGP[1]) * ctx.m;
      if (ctx.balootTeam !== null) aw[k].baloot += 2;
      break;
    case "NONE":
      // Flat 25/44 for the kaboot team, 0 for the other (ARN): no projects, and Baloot counts for nobody.
      break;
  }
  return aw;
}

/** The team a tie goes against in a doubled or Gahwa hand (§10.7, §10.8). */
function tieLoser(input: HandScoreInput, profile: RuleProfile, buyerTeam: Team): Team {
  if (profile.doubling.tieLoser === "INITIAL_DOUBLER") {
    return input.initialDoubler !== null ? ((input.initialDoubler & 1) as Team) : other(buyerTeam);
  }
  if (input.lastRaiser !== null) return (input.lastRaiser & 1) as Team;
  // No raiser recorded: the buyer raises at Three and Gahwa, the doubler at Double and Four.
  return input.gahwa || input.level === 3 ? buyerTeam : other(buyerTeam);
}

export function scoreHand(input: HandScoreInput, profile: RuleProfile): ScoreSheet {
  const { contract } = input;
  const V = handValue(contract);
  const buyerTeam = (input.buyer & 1) as Team;
  const nonBuyer = other(buyerTeam);

  // §9.3: only the team with the single best project scores projects (both partners' projects).
  const cmp = compareTeamProjects(input.declared, input.dealer, contract, profile);
  const counted: [Project[], Project[]] = [[], []];
  const declaredByTeam: [Project[], Project[]] = [[], []];
  for (let seat = 0; seat < 4; seat++) {
    const t = (seat & 1) as Team;
    for (const p of input.declared[seat] ?? []) {
      declaredByTeam[t].push({ ...p });
      if (cmp.winnerTeam === t) counted[t].push({ ...p });
    }
  }
  const projectRaw: [number, number] = [0, 0];
  const countedGP: [number, number] = [0, 0];
  for (const t of [0, 1] as const) {
    for (const p of counted[t]) {
      projectRaw[t] += p.raw;
      countedGP[t] += projectGP(p, contract);
    }
  }

  const balootScored = balootIsScored(input, profile, cmp.winnerTeam);
  const balootTeam: Team | null = balootScored && input.baloot.holder !== null ? ((input.baloot.holder & 1) as Team) : null;
  const balootRaw = (t: Team): number => (balootTeam === t ? 20 : 0);

  // §10.1 abnat; §10.3 the contract test uses raw abnat incl. projects and (flag) Baloot.
  const ground = (t: Team): number => (input.lastTrickTeam === t ? 10 : 0);
  const abnat = (t: Team): number => input.cardPoints[t] + ground(t) + projectRaw[t] + balootRaw(t);
  const testAbnat = (t: Team): number =>
    abnat(t) - (profile.scoring.balootCountsForContract ? 0 : balootRaw(t));

  /** Doubled and Gahwa hands (§10.7, §10.8): more abnat wins; an exact tie goes against `tieLoser`. */
  const allOrNothingWinner = (): { winner: Team; tieLoserTeam: Team | null } => {
    const a = testAbnat(buyerTeam);
    const b = testAbnat(nonBuyer);
    if (a !== b) return { winner: a > b ? buyerTeam : nonBuyer, tieLoserTeam: null };
    const loser = tieLoser(input, profile, buyerTeam);
    return { winner: other(loser), tieLoserTeam: loser };
  };

  const m = projectMultiplier(input.level, profile);
  const ctx: Ctx = { input, profile, V, buyerTeam, countedGP, balootTeam, m };

  let aw: [Awarded, Awarded];
  let outcome: HandOutcome;
  let handWinnerTeam: Team | null;
  let kabootTeam: Team | null = null;
  let tieLoserTeam: Team | null = null;
  let decidedMatch = false;
  let matchWinnerTeam: Team | null = null;

  const allTricks: Team | null = input.tricksWon[0] === 8 ? 0 : input.tricksWon[1] === 8 ? 1 : null;
  const isReverseKaboot = (k: Team): boolean =>
    profile.scoring.reverseKaboot &&
    contract === "SUN" &&
    k === nonBuyer &&
    input.buyer === ((input.dealer + 1) & 3) &&
    input.buyerHeldAce === true;
  const kabootBase = (k: Team): number => {
    // Reverse kaboot: 88, never doubled (SAK, ARN).
    if (isReverseKaboot(k)) return 88;
    // 44/25 flat even when doubled (REG 7-7); variant kabootMultiplied (PAG): ×level.
    const base = contract === "SUN" ? 44 : 25;
    return profile.doubling.kabootMultiplied ? base * input.level : base;
  };

  if (input.foul) {
    // §12.3: the offending team loses the hand; the other side scores V × level plus its own
    // counted projects; the offender's projects are never transferred.
    const win = other(input.foul.offendingTeam);
    handWinnerTeam = win;
    outcome = "FOUL";
    aw = zero();
    aw[win].cards = V * input.level;
    aw[win].projects = countedGP[win] * m;
    awardBalootOnLoss(ctx, aw, win);
    // The offended side may delay its claim to go for a kaboot (TAZ): it gets the better of the two.
    if (allTricks === win && !input.gahwa) {
      const k = kabootAward(ctx, win, kabootBase(win));
      if (total(k[win]) > total(aw[win])) {
        aw = k;
        kabootTeam = win;
      }
    }
    if (input.gahwa) {
      decidedMatch = true;
      matchWinnerTeam = win;
      aw = zero();
      aw[win].cards = profile.targetScore;
    }
  } else if (input.gahwa) {
    // §10.8: more abnat wins the match; a tie goes against the last raiser (the buyer).
    const decision = allOrNothingWinner();
    const w = decision.winner;
    tieLoserTeam = decision.tieLoserTeam;
    handWinnerTeam = w;
    decidedMatch = true;
    matchWinnerTeam = w;
    outcome = w === buyerTeam ? "GAHWA_WON" : "GAHWA_LOST";
    aw = zero();
    // Flat target for the sheet (KAM "flat 152"); Baloot and kaboot are irrelevant.
    aw[w].cards = profile.targetScore;
  } else if (allTricks !== null) {
    // §10.6 kaboot, for the buyer or the defenders.
    kabootTeam = allTricks;
    handWinnerTeam = allTricks;
    outcome = isReverseKaboot(allTricks) ? "REVERSE_KABOOT" : "KABOOT";
    aw = kabootAward(ctx, allTricks, kabootBase(allTricks));
  } else if (input.level >= 2) {
    // §10.7 doubled: all or nothing, more abnat wins, the tie goes against the tieLoser.
    const decision = allOrNothingWinner();
    const w = decision.winner;
    tieLoserTeam = decision.tieLoserTeam;
    handWinnerTeam = w;
    outcome = w === buyerTeam ? "MADE" : "FAILED";
    aw = allOrNothing(ctx, w, V * input.level);
  } else {
    // §10.3 success test, then §10.4 / §10.5.
    const a = testAbnat(buyerTeam);
    const b = testAbnat(nonBuyer);
    const tie = a === b;
    const failed = b > a || (tie && contract === "HOKUM" && profile.scoring.tie === "BUYER_LOSES");
    if (failed) {
      handWinnerTeam = nonBuyer;
      outcome = "FAILED";
      aw = allOrNothing(ctx, nonBuyer, V);
    } else {
      // Count the non-buyer, the buyer gets the rest (REG 4-10); a split tie scores the same way.
      handWinnerTeam = tie ? null : buyerTeam;
      outcome = tie ? "TIE" : "MADE";
      aw = zero();
      const g = convert(input.cardPoints[nonBuyer] + ground(nonBuyer), contract, profile);
      aw[nonBuyer].cards = g;
      aw[buyerTeam].cards = V - g;
      aw[0].projects = countedGP[0];
      aw[1].projects = countedGP[1];
      if (balootTeam !== null) aw[balootTeam].baloot += 2;
    }
  }

  const teamSheet = (t: Team): TeamSheet => ({
    cardPoints: input.cardPoints[t],
    ground: ground(t),
    tricks: input.tricksWon[t],
    declaredProjects: declaredByTeam[t],
    projects: counted[t],
    projectRaw: projectRaw[t],
    projectGP: countedGP[t],
    baloot: { raw: balootRaw(t), gp: balootTeam === t ? 2 : 0 },
    abnat: abnat(t),
    awarded: aw[t],
    gamePoints: total(aw[t]),
  });
  const teams: [TeamSheet, TeamSheet] = [teamSheet(0), teamSheet(1)];

  return {
    contract,
    trump: input.trump,
    buyer: input.buyer,
    buyerTeam,
    dealer: input.dealer,
    level: input.level,
    closed: input.closed,
    gahwa: input.gahwa,
    handValue: V,
    outcome,
    handWinnerTeam,
    kaboot: kabootTeam !== null,
    kabootTeam,
    projectWinnerTeam: cmp.winnerTeam,
    projectBestSeat: cmp.bestSeat,
    balootHolder: input.baloot.holder,
    // A kaboot under kabootProjects NONE scores no Baloot for anyone (§10.6).
    balootScored: balootScored && !(kabootTeam !== null && profile.scoring.kabootProjects === "NONE"),
    projectMultiplier: m,
    tieLoserTeam,
    foul: input.foul ? { offendingTeam: input.foul.offendingTeam } : null,
    decidedMatch,
    matchWinnerTeam,
    matchScoresBefore: [input.matchScoresBefore[0], input.matchScoresBefore[1]],
    teams,
    gamePoints: [teams[0].gamePoints, teams[1].gamePoints],
  };
}
