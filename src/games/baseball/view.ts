/**
 * What a seat (or a spectator, seat = null) may know: everything on the field is public; the only
 * secret is the other manager's decision before both are in.
 */
import type { Bats, Hand, LineupPos, TeamCard } from "./cards.js";
import type { BaseballAction } from "./actions.js";
import type { Decision } from "./decisions.js";
import { legalActions } from "./legal.js";
import { batterColumnMax } from "./resolution.js";
import { battingTeam, type BaseballOutcome, type BaseballState, type DieKind, type Phase, type Rules } from "./state.js";

export interface PlayerView {
  id: string;
  name: string;
  bats: Bats;
  throws: Hand;
  speed: number;
  bunt: number;
  positions: string[];
  role: "SP" | "RP" | null;
  stamina: number | null;
}

export interface TeamView {
  id: string;
  name: string;
  abbr: string;
  order: { id: string; pos: LineupPos }[];
  pitcher: string;
  /** Batting-order spot due up next (0..8). */
  spot: number;
  removed: string[];
  /** Players still available to come in. */
  bench: string[];
  pitches: Record<string, number>;
  /** Batters the current pitcher has faced since he came in, and when he came in. */
  stint: { bf: number; inning: number; half: 0 | 1 };
  lineupSet: boolean;
  players: readonly PlayerView[];
}

export interface BaseballView {
  seat: number | null;
  phase: Phase;
  rules: Rules;
  inning: number;
  half: 0 | 1;
  outs: number;
  score: number[];
  line: number[][];
  hits: number[];
  errors: number[];
  bases: (string | null)[];
  batter: string;
  pitcher: string;
  /** The viewer's side in the coming plate appearance (null for spectators). */
  mySide: "offense" | "defense" | null;
  teams: TeamView[];
  /** Which teams have decided for the coming plate appearance. */
  decided: boolean[];
  /** The viewer's own submitted decision (the other one stays hidden until both are in). */
  myDecision: Decision | null;
  /** Both decisions, once both are in and manual dice are being entered. */
  revealed: (Decision | null)[] | null;
  diceNeeded: DieKind | null;
  /** 3 when the pitcher is fresh, 4 tired, 5 exhausted: d6 at or under it reads the batter's card. */
  batterColumnMax: number;
  /** The viewer's legal actions while he must act (empty otherwise, and in bot views). */
  legalActions: BaseballAction[];
  outcome: BaseballOutcome | null;
}

const playerCache = new WeakMap<TeamCard, readonly PlayerView[]>();

function playersOf(card: TeamCard): readonly PlayerView[] {
  let list = playerCache.get(card);
  if (!list) {
    list = Object.freeze(
      card.players.map((p) =>
        Object.freeze({
          id: p.id,
          name: p.name,
          bats: p.bats,
          throws: p.throws,
          speed: p.speed,
          bunt: p.bunt,
          positions: Object.keys(p.fielding),
          role: p.pitching?.role ?? null,
          stamina: p.pitching?.stamina ?? null,
        }),
      ),
    );
    playerCache.set(card, list);
  }
  return list;
}

/** `withLegal`: include the seat's legal actions (clients need them; the bot does not). */
export function buildView(s: BaseballState, seat: number | null, withLegal = false): BaseballView {
  const batting = battingTeam(s);
  const bat = s.teams[batting];
  const fld = s.teams[1 - batting]!;
  const mine = seat === 0 || seat === 1 ? seat : null;
  return {
    seat: mine,
    phase: s.phase,
    rules: s.rules,
    inning: s.inning,
    half: s.half,
    outs: s.outs,
    score: [s.score[0], s.score[1]],
    line: [s.line[0].slice(), s.line[1].slice()],
    hits: [s.hits[0], s.hits[1]],
    errors: [s.errors[0], s.errors[1]],
    bases: s.bases.map((r) => (r ? r.id : null)),
    batter: bat.order[bat.spot] as string,
    pitcher: fld.pitcher,
    mySide: mine === null ? null : mine === batting ? "offense" : "defense",
    teams: s.teams.map((t) => ({
      id: t.card.id,
      name: t.card.name,
      abbr: t.card.abbr,
      order: t.order.map((id) => ({ id, pos: t.pos[id] as LineupPos })),
      pitcher: t.pitcher,
      spot: t.spot,
      removed: t.removed.slice(),
      bench: t.card.players.filter((p) => !t.removed.includes(p.id) && p.id !== t.pitcher && !t.order.includes(p.id)).map((p) => p.id),
      pitches: { ...t.pitches },
      stint: { ...t.stint },
      lineupSet: t.lineupSet,
      players: playersOf(t.card),
    })),
    decided: [s.decisions[0] !== null, s.decisions[1] !== null],
    myDecision: mine === null ? null : s.decisions[mine] ?? null,
    revealed: s.phase === "DICE" ? [s.decisions[0], s.decisions[1]] : null,
    diceNeeded: s.phase === "DICE" ? s.dice.need : null,
    batterColumnMax: s.phase === "OVER" ? 3 : batterColumnMax(s),
    legalActions: withLegal && mine !== null ? legalActions(s, mine) : [],
    outcome: s.outcome ? { ...s.outcome, scores: s.outcome.scores.slice() } : null,
  };
}
