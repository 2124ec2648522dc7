/**
 * Projects (المشاريع), §9 of shared/BALOOT_RULES.md: detection in one hand, ranking, the team
 * comparison and conversion to game points. Pure functions over card masks (see cards.ts).
 */
import type { CardMask } from "./cards.js";
import { bit, card, RA, RJ, RK, RQ, R10 } from "./cards.js";
import type { RuleProfile } from "./profile.js";

export type ProjectKind = "SIRA" | "FIFTY" | "HUNDRED" | "FOUR_HUNDRED";
export type ProjectForm = "SEQUENCE" | "FOUR";
export type ProjectContract = "SUN" | "HOKUM";

export interface Project {
  kind: ProjectKind;
  form: ProjectForm;
  /** The cards that make the project. */
  cards: CardMask;
  /** Natural rank (0..7 = 7..A) of the sequence's top card, or the rank of the four-of-a-kind. */
  topRank: number;
  /** Raw abnat: 20 / 50 / 100 / 200 (§9.1). */
  raw: number;
}

const RAW: Readonly<Record<ProjectKind, number>> = { SIRA: 20, FIFTY: 50, HUNDRED: 100, FOUR_HUNDRED: 200 };

/** Bit `rank` of every suit: the four cards of one rank are `ONE_PER_SUIT << rank`. */
const ONE_PER_SUIT = 0x01010101;

function sequenceProject(run: CardMask, length: number, topRank: number): Project {
  // §9.1: 3 = Sira, 4 = Fifty, 5 or more = one Hundred (a longer run is still one Hundred).
  const kind: ProjectKind = length >= 5 ? "HUNDRED" : length === 4 ? "FIFTY" : "SIRA";
  return { kind, form: "SEQUENCE", cards: run >>> 0, topRank, raw: RAW[kind] };
}

/** Appends every maximal run of 3+ consecutive natural ranks in `hand` to `out`. */
function collectSequences(hand: CardMask, out: Project[]): void {
  // Fast reject: no three consecutive bits inside one suit (the 0x3f.. mask stops runs crossing suits).
  const h = hand >>> 0;
  if ((h & (h >>> 1) & (h >>> 2) & 0x3f3f3f3f) === 0) return;
  for (let suit = 0; suit < 4; suit++) {
    let row = (h >>> (suit << 3)) & 0xff;
    while (row !== 0) {
      const low = row & -row;
      // Adding the lowest bit carries through the run of ones that starts there.
      const run = row & ~(row + low);
      row &= ~run;
      const length = popcount8(run);
      if (length >= 3) {
        const top = 31 - Math.clz32(run);
        out.push(sequenceProject((run << (suit << 3)) >>> 0, length, top));
      }
    }
  }
}

function popcount8(x: number): number {
  let n = 0;
  while (x !== 0) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** Four-of-a-kind projects of `hand` for a contract (§9.1), strongest rank first. */
function collectFours(hand: CardMask, contract: ProjectContract, profile: RuleProfile, out: Project[]): void {
  for (let rank = RA; rank >= R10; rank--) {
    const four = (ONE_PER_SUIT << rank) >>> 0;
    if (((hand >>> 0) & four) >>> 0 !== four) continue;
    if (rank === RJ && contract === "SUN" && !profile.projects.fourJacksInSun) continue;
    // Four Aces: Four Hundred in Sun, a Hundred in Hokum (§9.1). Four 9/8/7 are nothing.
    const kind: ProjectKind = rank === RA && contract === "SUN" ? "FOUR_HUNDRED" : "HUNDRED";
    out.push({ kind, form: "FOUR", cards: four, topRank: rank, raw: RAW[kind] });
  }
}

/**
 * Comparison key of §9.2 (bigger = stronger). Tiers: Sira 1, Fifty 2, four 10 / J / Q / K 3..6,
 * four A in Hokum 7, sequence Hundred 8, Four Hundred 9; then the top card inside a tier.
 */
export function projectStrength(p: Project, contract: ProjectContract): number {
  let tier: number;
  if (p.form === "SEQUENCE") {
    tier = p.kind === "SIRA" ? 1 : p.kind === "FIFTY" ? 2 : 8;
  } else if (p.topRank === RA) {
    tier = contract === "SUN" ? 9 : 7;
  } else {
    tier = 3 + (p.topRank - R10); // 10 → 3, J → 4, Q → 5, K → 6
  }
  return tier * 8 + p.topRank;
}

/** Strongest first by §9.2. */
function byStrength(contract: ProjectContract): (a: Project, b: Project) => number {
  return (a, b) => projectStrength(b, contract) - projectStrength(a, contract);
}

function capList(list: Project[], cap: number, contract: ProjectContract): Project[] {
  if (list.length > 1) {
    // Keep the most valuable projects when a cap applies (§9.1, SAK: 2 per player).
    list.sort((a, b) => b.raw - a.raw || projectStrength(b, contract) - projectStrength(a, contract));
  }
  if (cap > 0 && list.length > cap) list.length = cap;
  return list;
}

function totalRaw(list: readonly Project[]): number {
  let t = 0;
  for (const p of list) t += p.raw;
  return t;
}

/** Lexicographic comparison of two (already sorted, strongest first) lists by §9.2 strength. */
function strongerList(a: readonly Project[], b: readonly Project[], contract: ProjectContract): boolean {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const sa = a[i] ? projectStrength(a[i] as Project, contract) : -1;
    const sb = b[i] ? projectStrength(b[i] as Project, contract) : -1;
    if (sa !== sb) return sa > sb;
  }
  return false;
}

/**
 * The projects a player holds (§9.1): the best legal combination of sequences and
 * four-of-a-kinds in his 8 cards, strongest first. With `oneCardOneProject` no card serves in
 * two projects and the combination worth most (raw total, then §9.2 strength) is chosen; with
 * the flag off sequences and fours are scanned independently (TAZ). `maxPerPlayer` caps the list.
 */
export function findProjects(hand: CardMask, contract: ProjectContract, profile: RuleProfile): Project[] {
  // Fast path (most hands): no rank 10..A held in all four suits and no three-card run in a suit.
  const h = hand >>> 0;
  const quads = h & (h >>> 8) & (h >>> 16) & (h >>> 24) & 0xf8;
  if (quads === 0 && (h & (h >>> 1) & (h >>> 2) & 0x3f3f3f3f) === 0) return [];
  const cap = profile.projects.maxPerPlayer;
  const fours: Project[] = [];
  collectFours(hand, contract, profile, fours);
  const out: Project[] = [];
  if (fours.length === 0 || !profile.projects.oneCardOneProject) {
    for (const f of fours) out.push(f);
    collectSequences(hand, out);
    return capList(out, cap, contract);
  }
  // One card, one project: try every subset of the (at most two) fours, sequences from the rest.
  let best: Project[] | null = null;
  let bestRaw = -1;
  const subsets = 1 << fours.length;
  for (let s = 0; s < subsets; s++) {
    const list: Project[] = [];
    let used = 0;
    for (let i = 0; i < fours.length; i++) {
      if ((s >> i) & 1) {
        const f = fours[i] as Project;
        list.push(f);
        used |= f.cards;
      }
    }
    collectSequences((hand & ~used) >>> 0, list);
    capList(list, cap, contract);
    const raw = totalRaw(list);
    if (best === null || raw > bestRaw || (raw === bestRaw && strongerList(list, best, contract))) {
      best = list;
      bestRaw = raw;
    }
  }
  return best ?? out;
}

/**
 * Every combination of projects the hand can show under §9.1 before any cap: for each choice of
 * four-of-a-kinds (with `oneCardOneProject`, no card in two projects), those fours plus the maximal
 * runs of the remaining cards. A declaration (§9.4) may name any subset of one combination, within
 * `maxPerPlayer` — so a player can hide a project (play.ts validates the choice with this).
 */
export function projectCombinations(hand: CardMask, contract: ProjectContract, profile: RuleProfile): Project[][] {
  const fours: Project[] = [];
  collectFours(hand, contract, profile, fours);
  if (!profile.projects.oneCardOneProject) {
    const all = fours.slice();
    collectSequences(hand, all);
    return all.length > 0 ? [all] : [];
  }
  const out: Project[][] = [];
  for (let s = 0; s < 1 << fours.length; s++) {
    const list: Project[] = [];
    let used = 0;
    for (let i = 0; i < fours.length; i++) {
      if ((s >> i) & 1) {
        list.push(fours[i] as Project);
        used |= (fours[i] as Project).cards;
      }
    }
    collectSequences((hand & ~used) >>> 0, list);
    if (list.length > 0) out.push(list);
  }
  return out;
}

/** Game points of one project (§9.1): Sun raw×2/10 (Four Hundred → 40), Hokum raw/10. */
export function projectGP(p: Project, contract: ProjectContract): number {
  return contract === "SUN" ? (p.raw * 2) / 10 : p.raw / 10;
}

/** The strongest project of a list, or null. */
export function bestProject(list: readonly Project[] | undefined, contract: ProjectContract): Project | null {
  if (!list || list.length === 0) return null;
  let best = list[0] as Project;
  for (let i = 1; i < list.length; i++) {
    const p = list[i] as Project;
    if (projectStrength(p, contract) > projectStrength(best, contract)) best = p;
  }
  return best;
}

export interface ProjectComparison {
  /** Team whose projects count (§9.3), null when nobody declared anything. */
  winnerTeam: 0 | 1 | null;
  /** Seat holding the single best project. */
  bestSeat: number | null;
}

/**
 * §9.2–9.3: each team's single best project is compared; the exact tie goes to the seat nearer
 * the dealer's right in speaking order (D+1 first … D last). Teams are {0,2} and {1,3}.
 */
export function compareTeamProjects(
  declared: readonly (readonly Project[] | undefined)[],
  dealer: number,
  contract: ProjectContract,
  _profile: RuleProfile,
): ProjectComparison {
  let bestSeat: number | null = null;
  let bestStrength = -1;
  for (let k = 1; k <= 4; k++) {
    const seat = (dealer + k) & 3;
    const p = bestProject(declared[seat], contract);
    if (!p) continue;
    const s = projectStrength(p, contract);
    // Strictly greater: an exact tie stays with the earlier speaker (§9.2, REG 5-7).
    if (s > bestStrength) {
      bestStrength = s;
      bestSeat = seat;
    }
  }
  return { winnerTeam: bestSeat === null ? null : ((bestSeat & 1) as 0 | 1), bestSeat };
}

/** Sorting helper for callers that show projects: strongest first (§9.2). */
export function sortProjects(list: Project[], contract: ProjectContract): Project[] {
  return list.sort(byStrength(contract));
}

/** True when `p` is a four-of-a-kind of K or Q (these cancel Baloot, §9.5). */
export function isFourKingsOrQueens(p: Project): boolean {
  return p.form === "FOUR" && (p.topRank === RK || p.topRank === RQ);
}

/**
 * Seat whose hand holds both the King and the Queen of trumps (Baloot, §9.5), or null.
 * Pass the players' full 8-card hands (or the cards they held at the deal).
 */
export function findBalootHolder(hands: readonly CardMask[], trump: number): number | null {
  if (trump < 0) return null;
  const kq = (bit(card(trump, RK)) | bit(card(trump, RQ))) >>> 0;
  for (let seat = 0; seat < hands.length; seat++) {
    if ((((hands[seat] ?? 0) & kq) >>> 0) === kq) return seat;
  }
  return null;
}
