/**
 * Duel engine benchmark (npm run bench:duel). Whole games from setup to the end, through the
 * public GameDefinition (`duel.apply` parses and validates every action):
 *  1. random play: each action drawn uniformly from legalActions;
 *  2. bot play: both seats played by the view-only bot (each decision builds that seat's view);
 *  3. µs per legalActions / apply / view call;
 *  4. the bot's win rate against the random player (sides alternated).
 * Figures are per CPU-second of this process (user + system), the measure that holds on a shared machine.
 */
import { duel, randomBot, type DuelState } from "../src/games/duel/index.js";
import { streamFor, type Rng } from "../src/games/core/rng.js";
import { botTurn } from "../src/games/core/GameDefinition.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

function cpuSecs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

type Step = (state: DuelState, seat: number, rng: Rng) => unknown;
const randomStep: Step = (state, seat, rng) => {
  const legal = duel.legalActions(state, seat);
  return legal[rng.int(legal.length)];
};
const botStep: Step = (state, seat, rng) => botTurn(duel, state, seat, undefined, rng).action;

let gameNo = 0;
function playGame(step: Step): { actions: number; turns: number } {
  const g = gameNo++;
  const state = duel.setup({ seed: `bench-${g}`, seats: 2, options: {} });
  const rng = streamFor(`bench-rng-${g}`);
  let actions = 0;
  while (!state.outcome) {
    const seats = duel.activeSeats(state);
    const seat = seats[0]!;
    duel.apply(state, seat, step(state, seat, rng));
    actions++;
  }
  return { actions, turns: state.turn };
}

function timeLoop(seconds: number, step: Step): { games: number; actions: number; turns: number; cpu: number } {
  let games = 0;
  let actions = 0;
  let turns = 0;
  const c0 = cpuSecs();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 10; i++) {
      const r = playGame(step);
      games++;
      actions += r.actions;
      turns += r.turns;
    }
  }
  return { games, actions, turns, cpu: cpuSecs() - c0 };
}

/** Three runs; the median rate of games per CPU-second, and the best. */
function runs(step: Step): { median: number; best: number; games: number; actionsPerGame: number; turnsPerGame: number } {
  const r = [timeLoop(SECONDS, step), timeLoop(SECONDS, step), timeLoop(SECONDS, step)];
  const rates = r.map((x) => x.games / x.cpu).sort((a, b) => a - b);
  const games = r.reduce((a, x) => a + x.games, 0);
  return {
    median: rates[1]!,
    best: rates[2]!,
    games,
    actionsPerGame: r.reduce((a, x) => a + x.actions, 0) / games,
    turnsPerGame: r.reduce((a, x) => a + x.turns, 0) / games,
  };
}

timeLoop(0.5, randomStep); // warm-up
const rp = runs(randomStep);
console.log(`random play: ${fmt(rp.median)} games per CPU-second (median of 3; best ${fmt(rp.best)}; ${fmt(rp.games)} games, ${fmt(rp.actionsPerGame, 1)} actions and ${fmt(rp.turnsPerGame, 1)} turns per game)`);
const bp = runs(botStep);
console.log(`bot play:    ${fmt(bp.median)} games per CPU-second (median of 3; best ${fmt(bp.best)}; ${fmt(bp.games)} games, ${fmt(bp.actionsPerGame, 1)} actions and ${fmt(bp.turnsPerGame, 1)} turns per game)`);

{
  let la = 0;
  let ap = 0;
  let vw = 0;
  let calls = 0;
  for (let g = 0; g < 200; g++) {
    const state = duel.setup({ seed: `api-${g}`, seats: 2, options: {} });
    const rng = streamFor(`api-rng-${g}`);
    while (!state.outcome) {
      const seat = duel.activeSeats(state)[0]!;
      const t0 = performance.now();
      const legal = duel.legalActions(state, seat);
      const t1 = performance.now();
      duel.view(state, seat);
      const t2 = performance.now();
      const action = JSON.parse(JSON.stringify(legal[rng.int(legal.length)])) as unknown;
      const t3 = performance.now();
      duel.apply(state, seat, action);
      const t4 = performance.now();
      la += t1 - t0;
      vw += t2 - t1;
      ap += t4 - t3;
      calls++;
    }
  }
  const us = (ms: number): string => fmt((ms * 1000) / calls, 2);
  console.log(`per call:    legalActions ${us(la)} µs, view ${us(vw)} µs (includes the seat's legal list), apply ${us(ap)} µs (JSON action; ${fmt(calls)} calls)`);
}

{
  const GAMES = Number(process.env.BENCH_MATCHES ?? 1000);
  let botWins = 0;
  let draws = 0;
  for (let g = 0; g < GAMES; g++) {
    const botSeat = g & 1;
    const state = duel.setup({ seed: `vs-${g}`, seats: 2, options: {} });
    const rng = streamFor(`vs-rng-${g}`);
    while (!state.outcome) {
      const seat = duel.activeSeats(state)[0]!;
      duel.apply(state, seat, seat === botSeat ? botTurn(duel, state, seat, undefined, rng).action : randomBot(state, seat, rng));
    }
    if (state.outcome.winnerTeam === botSeat) botWins++;
    else if (state.outcome.winnerTeam === null) draws++;
  }
  console.log(`bot vs random: the bot won ${fmt((100 * botWins) / GAMES, 1)}% of ${fmt(GAMES)} games (${draws} draws; sides alternated; starter decks)`);
}
