import type { Db } from "../db/database.js";
import { toInt } from "../db/normalize.js";
import type { UserRow } from "../db/tables.js";

/** Win/loss statistics (legacy shape) and the Baloot aggregates of a public profile. */

export interface LegacyStats {
  gamesPlayed: number;
  wins: number;
  losses: number;
  /** Percentage of games won, one decimal (0 with no games). */
  winRate: number;
  leaguePoints: number;
  firstName: string;
  lastName: string;
}

export interface Record3 {
  gamesPlayed: number;
  wins: number;
  losses: number;
  draws: number;
}

export async function resultCounts(db: Db, userId: string): Promise<Record3> {
  const rows = await db
    .selectFrom("match_players")
    .select(["result", (eb) => eb.fn.countAll().as("n")])
    .where("user_id", "=", userId)
    .where("result", "is not", null)
    .groupBy("result")
    .execute();
  const count = (r: string) => toInt(rows.find((x) => x.result === r)?.n as string | number | undefined);
  const wins = count("win");
  const losses = count("loss");
  const draws = count("draw");
  return { gamesPlayed: wins + losses + draws, wins, losses, draws };
}

export const winRate = (wins: number, games: number): number => (games === 0 ? 0 : Math.round((wins * 1000) / games) / 10);

export async function legacyStats(db: Db, user: UserRow): Promise<LegacyStats> {
  const r = await resultCounts(db, user.id);
  return {
    gamesPlayed: r.gamesPlayed,
    wins: r.wins,
    losses: r.losses,
    winRate: winRate(r.wins, r.gamesPlayed),
    leaguePoints: user.league_points,
    firstName: user.first_name,
    lastName: user.last_name,
  };
}

/** Shape of the Baloot box score this service reads (src/games/baloot/boxscore.ts). */
interface BoxPlayer {
  seat: number;
  tricks?: number;
  contracts?: number;
  contractsMade?: number;
  contractsFailed?: number;
  projectsDeclared?: number;
  baloots?: number;
  doublesWon?: number;
  doublesLost?: number;
}
interface BoxHand {
  cancelled?: string | null;
  buyer?: number | null;
  kaboot?: boolean;
  winnerTeam?: number | null;
  gamePoints?: number[];
}
interface BoxShape {
  hands?: BoxHand[];
  players?: BoxPlayer[];
}

export interface BalootAggregates {
  matches: number;
  handsPlayed: number;
  handsBought: number;
  contractsMade: number;
  contractsFailed: number;
  /** contractsMade / handsBought as a percentage, one decimal. */
  contractsMadePct: number;
  /** Kaboots (all tricks) won by this player's team. */
  kaboots: number;
  projects: number;
  balootDeclarations: number;
  doublesWon: number;
  doublesLost: number;
  tricks: number;
  /** Game points of this player's team per played hand. */
  avgGamePointsPerHand: number;
  /** Turns the clock played for this player. */
  timeouts: number;
}

const n = (v: number | undefined): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Folds the final box scores of the player's finished Baloot matches into one set of totals. */
export function aggregateBaloot(entries: { seat: number; team: number; box: unknown }[], timeouts: number): BalootAggregates {
  const a: BalootAggregates = {
    matches: 0,
    handsPlayed: 0,
    handsBought: 0,
    contractsMade: 0,
    contractsFailed: 0,
    contractsMadePct: 0,
    kaboots: 0,
    projects: 0,
    balootDeclarations: 0,
    doublesWon: 0,
    doublesLost: 0,
    tricks: 0,
    avgGamePointsPerHand: 0,
    timeouts,
  };
  let teamGamePoints = 0;
  for (const { seat, team, box } of entries) {
    const b = (box ?? {}) as BoxShape;
    a.matches++;
    const p = b.players?.find((x) => x.seat === seat);
    if (p) {
      a.handsBought += n(p.contracts);
      a.contractsMade += n(p.contractsMade);
      a.contractsFailed += n(p.contractsFailed);
      a.projects += n(p.projectsDeclared);
      a.balootDeclarations += n(p.baloots);
      a.doublesWon += n(p.doublesWon);
      a.doublesLost += n(p.doublesLost);
      a.tricks += n(p.tricks);
    }
    for (const h of b.hands ?? []) {
      if (h.cancelled) continue;
      a.handsPlayed++;
      teamGamePoints += n(h.gamePoints?.[team]);
      if (h.kaboot && h.winnerTeam === team) a.kaboots++;
    }
  }
  a.contractsMadePct = a.handsBought === 0 ? 0 : round1((a.contractsMade * 100) / a.handsBought);
  a.avgGamePointsPerHand = a.handsPlayed === 0 ? 0 : round1(teamGamePoints / a.handsPlayed);
  return a;
}

export async function balootAggregates(db: Db, userId: string): Promise<BalootAggregates> {
  const rows = await db
    .selectFrom("match_players")
    .innerJoin("matches", "matches.id", "match_players.match_id")
    .innerJoin("box_scores", "box_scores.match_id", "matches.id")
    .select(["match_players.seat", "match_players.team", "box_scores.box"])
    .where("match_players.user_id", "=", userId)
    .where("matches.game", "=", "baloot")
    .where("matches.status", "=", "finished")
    .execute();
  const timeoutRow = await db
    .selectFrom("match_events")
    .innerJoin("match_players", (j) =>
      j.onRef("match_players.match_id", "=", "match_events.match_id").onRef("match_players.seat", "=", "match_events.seat"),
    )
    .innerJoin("matches", "matches.id", "match_events.match_id")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("match_players.user_id", "=", userId)
    .where("match_events.source", "=", "timeout")
    // A timeout entry without an action is a forfeit, not a played turn.
    .where("match_events.action", "is not", null)
    .where("matches.game", "=", "baloot")
    .executeTakeFirst();
  return aggregateBaloot(rows, toInt(timeoutRow?.n as string | number | undefined));
}
