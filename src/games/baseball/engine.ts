/**
 * The engine's entry points: setup, who acts, and `applyParsed`, the single validating dispatcher.
 * Validation is complete before any change, so a refused action leaves the state untouched.
 */
import { IllegalAction } from "../core/IllegalAction.js";
import { createRng, seedState } from "../core/rng.js";
import type { Parsed } from "./actions.js";
import { checkDecision, type DefenseDecision, type OffenseDecision } from "./decisions.js";
import { manualDice, NeedDice, rollValues, serverDice, validDie } from "./dice.js";
import type { BaseballEvent } from "./events.js";
import { afterPlay, endGame, startHalf } from "./flow.js";
import { checkLineup, defaultLineup, installLineup, newTeamState } from "./lineup.js";
import { resolveOptions, type BaseballOptions } from "./options.js";
import { resolvePlateAppearance } from "./resolution.js";
import { applySub, applySwitch } from "./substitutions.js";
import { battingTeam, cloneState, fieldingTeam, type BaseballState } from "./state.js";

function refuse(code: string, msg: string): never {
  throw new IllegalAction(code, msg);
}

export function setupState(seed: string, options?: BaseballOptions): BaseballState {
  const o = resolveOptions(options);
  const away = newTeamState(o.away);
  const home = newTeamState(o.home);
  away.pitcher = defaultLineup(o.away, o.rotation[0]).pitcher;
  home.pitcher = defaultLineup(o.home, o.rotation[1]).pitcher;
  away.pitches = { [away.pitcher]: 0 };
  home.pitches = { [home.pitcher]: 0 };
  return {
    game: "baseball",
    seed,
    rng: seedState(seed, "dice"),
    rules: o.rules,
    setName: o.set.name,
    teams: [away, home],
    phase: "LINEUPS",
    inning: 1,
    half: 0,
    outs: 0,
    errOuts: 0,
    bases: [null, null, null],
    score: [0, 0],
    line: [[], []],
    hits: [0, 0],
    errors: [0, 0],
    decisions: [null, null],
    dice: { entered: [], need: null },
    paNo: 0,
    outcome: null,
  };
}

/** The event that opens the log (setup cannot return events; the room logs these first). */
export function initialEvents(s: BaseballState): BaseballEvent[] {
  return [
    {
      type: "gameStarted",
      set: s.setName,
      teams: s.teams.map((t) => ({ id: t.card.id, name: t.card.name, abbr: t.card.abbr })),
      innings: s.rules.innings,
      dice: s.rules.dice,
      mercy: s.rules.mercy,
    },
  ];
}

export function activeSeats(s: BaseballState): number[] {
  switch (s.phase) {
    case "LINEUPS":
      return [0, 1].filter((t) => !s.teams[t]!.lineupSet);
    case "DECIDE":
      return [0, 1].filter((t) => s.decisions[t] === null);
    case "DICE":
      return [battingTeam(s)];
    case "OVER":
      return [];
  }
}

/** Both decisions are in: resolve the plate appearance (or ask for the first manual die). */
function resolveDecided(s: BaseballState, events: BaseballEvent[]): void {
  const defense = s.decisions[fieldingTeam(s)] as DefenseDecision;
  const offense = s.decisions[battingTeam(s)] as OffenseDecision;
  s.paNo += 1;
  if (s.rules.dice === "server") {
    resolvePlateAppearance(s, defense, offense, serverDice(s, events), events);
    afterPlay(s, events);
    return;
  }
  const trial = cloneState(s);
  const trialEvents: BaseballEvent[] = [];
  try {
    resolvePlateAppearance(trial, defense, offense, manualDice(s.dice.entered, trialEvents), trialEvents);
  } catch (e) {
    if (!(e instanceof NeedDice)) throw e;
    s.paNo -= 1;
    s.phase = "DICE";
    s.dice.need = e.kind;
    events.push({ type: "diceNeeded", team: battingTeam(s), die: e.kind });
    return;
  }
  Object.assign(s, trial);
  events.push(...trialEvents);
  afterPlay(s, events);
}

function applyLineup(s: BaseballState, seat: number, order: Parsed & { k: "lineup" }, events: BaseballEvent[]): void {
  const team = s.teams[seat]!;
  if (team.lineupSet) refuse("LINEUP_SUBMITTED", "your lineup is already in");
  const def = defaultLineup(team.card);
  const lineup = order.order ?? def.order;
  const pitcher = order.pitcher ?? team.pitcher;
  checkLineup(team.card, lineup, pitcher);
  installLineup(team, lineup, pitcher);
  events.push({
    type: "lineupSet",
    team: seat,
    order: lineup.map((e) => ({ id: e.id, pos: e.pos })),
    pitcher,
    byDefault: order.order === null && order.pitcher === null,
    roster: team.card.players.map((p) => ({ id: p.id, name: p.name })),
  });
  if (s.teams[0].lineupSet && s.teams[1].lineupSet) {
    s.phase = "DECIDE";
    events.push({ type: "playBall" });
    startHalf(s, events);
  }
}

/** The validating dispatcher over parsed actions. */
export function applyParsed(s: BaseballState, seat: number, a: Parsed, events: BaseballEvent[]): void {
  if (seat !== 0 && seat !== 1) refuse("NOT_A_SEAT", "baseball has seats 0 (visitors) and 1 (home)");
  if (s.phase === "OVER") refuse("GAME_OVER", "the game is over");
  if (!activeSeats(s).includes(seat)) {
    if (s.phase === "DECIDE" && s.decisions[seat]) refuse("DECISION_SUBMITTED", "your decision is in: wait for the other manager");
    refuse("NOT_YOUR_TURN", "it is not your turn");
  }
  switch (a.k) {
    case "lineup":
      if (s.phase !== "LINEUPS") refuse("WRONG_PHASE", "lineups are set before the first pitch");
      return applyLineup(s, seat, a, events);
    case "decision": {
      if (s.phase !== "DECIDE") refuse("WRONG_PHASE", "decisions are made before a plate appearance");
      const side = seat === battingTeam(s) ? "offense" : "defense";
      if (a.decision.side !== side) refuse(side === "offense" ? "NOT_ON_DEFENSE" : "NOT_ON_OFFENSE", `your team is on ${side} now`);
      checkDecision(s, a.decision);
      s.decisions[seat] = a.decision;
      events.push({ type: "decisionIn", team: seat });
      if (s.decisions[0] && s.decisions[1]) resolveDecided(s, events);
      return;
    }
    case "sub":
      if (s.phase !== "DECIDE") refuse("WRONG_PHASE", "substitutions are made between plate appearances");
      return applySub(s, seat, { kind: a.kind, in: a.in, out: a.out }, events);
    case "switch":
      if (s.phase !== "DECIDE") refuse("WRONG_PHASE", "position switches are made between plate appearances");
      return applySwitch(s, seat, a.a, a.b, events);
    case "dice":
    case "rollForMe": {
      if (s.phase !== "DICE" || !s.dice.need) refuse(s.rules.dice === "manual" ? "WRONG_PHASE" : "NOT_MANUAL_DICE", "no die is asked for now");
      const kind = s.dice.need;
      const values = a.k === "dice" ? a.values : rollValues(kind, createRng(s.rng));
      if (a.k === "dice" && !validDie(kind, values)) {
        refuse("DICE_OUT_OF_RANGE", kind === "2d6" ? "enter two values 1..6" : kind === "d6" ? "enter one value 1..6" : "enter one value 1..20");
      }
      // "Roll for me" draws from the seeded RNG and is recorded as a server roll.
      s.dice.entered.push(a.k === "dice" ? { kind, values: values.slice() } : { kind, values, server: true });
      s.dice.need = null;
      resolveDecided(s, events);
      return;
    }
  }
}

export function forfeitGame(s: BaseballState, team: number, reason: string): BaseballEvent[] {
  if (s.phase === "OVER") return [];
  const events: BaseballEvent[] = [];
  endGame(s, 1 - team, `FORFEIT:${reason}`, events);
  return events;
}
