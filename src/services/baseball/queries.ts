import type { Db } from "../../db/database.js";
import type { BaseballCardStatsView, BaseballManagerStatsView } from "../../db/tables.js";
import { ipString, type BattingCounts } from "../../games/baseball/boxscore.js";
import { shippedSet } from "../../games/baseball/index.js";

/** Reads of the baseball league-stats views (fold.ts keeps them up to date). */

export const CAREER = "career";

export interface BattingStats extends BattingCounts {
  games: number;
  AVG: number | null;
  OBP: number | null;
  SLG: number | null;
  OPS: number | null;
}

export interface PitchingStats {
  games: number;
  outs: number;
  IP: string;
  BF: number;
  H: number;
  R: number;
  ER: number;
  BB: number;
  SO: number;
  HR: number;
  pitches: number;
  W: number;
  L: number;
  S: number;
  ERA: number | null;
  WHIP: number | null;
  K9: number | null;
}

export interface CardSeasonLine {
  season: string;
  games: number;
  batting: BattingStats;
  pitching: PitchingStats;
}

export interface CardStats {
  cardId: string;
  name: string;
  career: CardSeasonLine;
  seasons: CardSeasonLine[];
}

const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));

const EMPTY: Omit<BaseballCardStatsView, "card_id" | "season" | "name"> = {
  games: 0, games_batted: 0, games_pitched: 0,
  pa: 0, ab: 0, r: 0, h: 0, doubles: 0, triples: 0, hr: 0, rbi: 0, bb: 0, so: 0, hbp: 0, sf: 0, sh: 0, sb: 0, cs: 0,
  outs: 0, bf: 0, p_h: 0, p_r: 0, er: 0, p_bb: 0, p_so: 0, p_hr: 0, pitches: 0, w: 0, l: 0, sv: 0,
  avg: null, obp: null, slg: null, ops: null, era: null, whip: null, k9: null,
};

/** A view row as served: batting rates to 3 decimals, ERA/WHIP/K9 to 2. */
export function seasonLine(r: Omit<BaseballCardStatsView, "card_id" | "name">): CardSeasonLine {
  return {
    season: r.season,
    games: r.games,
    batting: {
      games: r.games_batted, PA: r.pa, AB: r.ab, R: r.r, H: r.h, "2B": r.doubles, "3B": r.triples, HR: r.hr, RBI: r.rbi,
      BB: r.bb, SO: r.so, HBP: r.hbp, SF: r.sf, SH: r.sh, SB: r.sb, CS: r.cs,
      AVG: round(r.avg, 3), OBP: round(r.obp, 3), SLG: round(r.slg, 3), OPS: round(r.ops, 3),
    },
    pitching: {
      games: r.games_pitched, outs: r.outs, IP: ipString(r.outs), BF: r.bf, H: r.p_h, R: r.p_r, ER: r.er, BB: r.p_bb,
      SO: r.p_so, HR: r.p_hr, pitches: r.pitches, W: r.w, L: r.l, S: r.sv,
      ERA: round(r.era, 2), WHIP: round(r.whip, 2), K9: round(r.k9, 2),
    },
  };
}

function shippedName(cardId: string): string | undefined {
  for (const t of shippedSet().teams) for (const p of t.players) if (p.id === cardId) return p.name;
  return undefined;
}

/** Career and per-season lines of a card; null for a card neither shipped nor ever played. */
export async function cardStats(db: Db, cardId: string): Promise<CardStats | null> {
  const rows = await db.selectFrom("baseball_card_stats").selectAll().where("card_id", "=", cardId).orderBy("season").execute();
  const career = rows.find((r) => r.season === CAREER);
  const name = career?.name ?? shippedName(cardId);
  if (name === undefined) return null;
  return {
    cardId,
    name,
    career: seasonLine(career ?? { ...EMPTY, season: CAREER }),
    seasons: rows.filter((r) => r.season !== CAREER).map(seasonLine),
  };
}

export interface ManagerLine {
  season: string;
  games: number;
  wins: number;
  losses: number;
  ties: number;
  winPct: number | null;
  runsFor: number;
  runsAgainst: number;
}

const managerLine = (r: Omit<BaseballManagerStatsView, "user_id">): ManagerLine => ({
  season: r.season,
  games: r.games,
  wins: r.wins,
  losses: r.losses,
  ties: r.ties,
  winPct: r.wins + r.losses > 0 ? round(r.wins / (r.wins + r.losses), 3) : null,
  runsFor: r.runs_for,
  runsAgainst: r.runs_against,
});

/** A manager's career and per-season record; null for an unknown account. */
export async function managerStats(db: Db, userId: string): Promise<{ userId: string; displayName: string; career: ManagerLine; seasons: ManagerLine[] } | null> {
  const user = await db.selectFrom("users").select(["id", "display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const rows = await db.selectFrom("baseball_manager_stats").selectAll().where("user_id", "=", userId).orderBy("season").execute();
  const career = rows.find((r) => r.season === CAREER) ?? { season: CAREER, games: 0, wins: 0, losses: 0, ties: 0, runs_for: 0, runs_against: 0 };
  return { userId, displayName: user.display_name, career: managerLine(career), seasons: rows.filter((r) => r.season !== CAREER).map(managerLine) };
}

/** Leader boards: the view column, which way is better, what qualifies and its default minimum. */
export const LEADER_STATS = {
  avg: { column: "avg", lowerIsBetter: false, qualifier: "PA", min: 30, digits: 3 },
  obp: { column: "obp", lowerIsBetter: false, qualifier: "PA", min: 30, digits: 3 },
  slg: { column: "slg", lowerIsBetter: false, qualifier: "PA", min: 30, digits: 3 },
  ops: { column: "ops", lowerIsBetter: false, qualifier: "PA", min: 30, digits: 3 },
  h: { column: "h", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  "2b": { column: "doubles", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  "3b": { column: "triples", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  hr: { column: "hr", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  rbi: { column: "rbi", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  r: { column: "r", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  bb: { column: "bb", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  so: { column: "so", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  sb: { column: "sb", lowerIsBetter: false, qualifier: "PA", min: 1, digits: 0 },
  era: { column: "era", lowerIsBetter: true, qualifier: "outs", min: 27, digits: 2 },
  whip: { column: "whip", lowerIsBetter: true, qualifier: "outs", min: 27, digits: 2 },
  k9: { column: "k9", lowerIsBetter: false, qualifier: "outs", min: 27, digits: 2 },
  outs: { column: "outs", lowerIsBetter: false, qualifier: "outs", min: 1, digits: 0 },
  strikeouts: { column: "p_so", lowerIsBetter: false, qualifier: "outs", min: 1, digits: 0 },
  wins: { column: "w", lowerIsBetter: false, qualifier: "outs", min: 1, digits: 0 },
  saves: { column: "sv", lowerIsBetter: false, qualifier: "outs", min: 1, digits: 0 },
} as const satisfies Record<string, { column: keyof BaseballCardStatsView; lowerIsBetter: boolean; qualifier: "PA" | "outs"; min: number; digits: number }>;

export type LeaderStat = keyof typeof LEADER_STATS;
export const LEADER_STAT_NAMES = Object.keys(LEADER_STATS) as LeaderStat[];

export interface Leader {
  rank: number;
  cardId: string;
  name: string;
  value: number;
  PA: number;
  outs: number;
}

/** The leaders in `stat` for a season (or the career), among cards with at least `min` PA or outs. */
export async function leaders(db: Db, stat: LeaderStat, season: string, min: number | undefined, limit: number): Promise<{ qualifier: "PA" | "outs"; min: number; leaders: Leader[] }> {
  const spec = LEADER_STATS[stat];
  const minimum = min ?? spec.min;
  const rows = await db
    .selectFrom("baseball_card_stats")
    .select(["card_id", "name", "pa", "outs", `${spec.column} as value`])
    .where("season", "=", season)
    .where(spec.qualifier === "PA" ? "pa" : "outs", ">=", minimum)
    .where(spec.column, "is not", null)
    .orderBy(spec.column, spec.lowerIsBetter ? "asc" : "desc")
    .orderBy("card_id")
    .limit(limit)
    .execute();
  let rank = 0;
  let previous: number | null = null;
  const out = rows.map((r, i) => {
    const value = Number((r.value as number).toFixed(spec.digits));
    // Ties share a rank (1, 2, 2, 4).
    if (value !== previous) rank = i + 1;
    previous = value;
    return { rank, cardId: r.card_id, name: r.name, value, PA: r.pa, outs: r.outs };
  });
  return { qualifier: spec.qualifier, min: minimum, leaders: out };
}
