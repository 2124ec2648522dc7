/**
 * Bot strength and cost (npm run bench:bots): a team of two search ("strong") bots against two
 * heuristic ("basic") bots, every bot going through the public contract
 * `baloot.bot(view, memory, rng, level)` with its seat's view only.
 *
 * Mirrored deals: matches come in pairs with the same seed (so hand N is dealt the same cards by the
 * same dealer in both), the strong team sitting on team 0 in one and team 1 in the other. Luck of
 * the deal mostly cancels; the 95 % confidence interval is computed over the pairs (the two
 * matches of a pair are not independent), by the normal approximation.
 *
 * Flags (or env vars): --matches 2000 (even), --target 152 (match target score), --playouts N and
 * --min-worlds N (search budget; default = the bot's default), --seed text.
 * Per-move time is the wall time of each strong-bot decision (view → action) on this machine.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseFlags, intFlag, stringFlag } from "./lib/args.js";
import { createRng, seedState } from "../src/games/core/rng.js";
import type { BotLevel } from "../src/games/core/GameDefinition.js";
import { baloot, balootBot, searchDecision, toAction, DEFAULT_SEARCH_BUDGET, type BalootAction, type BalootState, type BalootView } from "../src/games/baloot/index.js";

const flags = parseFlags();
const matches = intFlag(flags, "matches", 2000, 2, 1_000_000);
const target = intFlag(flags, "target", 152, 1, 1000);
const playouts = intFlag(flags, "playouts", DEFAULT_SEARCH_BUDGET.playouts, 1, 100_000);
const minWorlds = intFlag(flags, "min-worlds", DEFAULT_SEARCH_BUDGET.minWorlds, 1, 10_000);
const seedBase = stringFlag(flags, "seed", "bench-bots");
if (matches % 2 !== 0) throw new Error("--matches must be even (mirrored pairs)");
const custom = playouts !== DEFAULT_SEARCH_BUDGET.playouts || minWorlds !== DEFAULT_SEARCH_BUDGET.minWorlds;

const rng = createRng(seedState(seedBase, "bots"));
const times: number[] = [];
const playTimes: number[] = [];
const playCpuTimes: number[] = [];
/** CPU time of the same decisions (user + system of this process): other load on a shared machine inflates wall time, not this. */
const cpuTimes: number[] = [];

function decide(view: BalootView, level: BotLevel): BalootAction {
  if (level === "basic") return balootBot(view, null, rng, "basic").action;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const action = custom ? toAction(searchDecision(view, rng, { playouts, minWorlds })) : baloot.bot(view, null, rng, "strong").action;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  times.push(ms);
  if (view.phase === "PLAYING") {
    playTimes.push(ms);
    playCpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return action;
}

/** Plays one match; returns 1 if the strong team won, 0 if it lost, 0.5 for no winner. */
function playMatch(seed: string, strongTeam: number): { score: number; hands: number } {
  const state: BalootState = baloot.setup({ seed, seats: 4, options: { targetScore: target } });
  let hands = 0;
  let handNo = state.handNo;
  while (baloot.outcome(state) === null) {
    const seat = baloot.activeSeats(state)[0]!;
    const level: BotLevel = (seat & 1) === strongTeam ? "strong" : "basic";
    baloot.apply(state, seat, decide(baloot.view(state, seat), level));
    if (state.handNo !== handNo) {
      hands++;
      handNo = state.handNo;
    }
  }
  const o = baloot.outcome(state)!;
  return { score: o.winnerTeam === null ? 0.5 : o.winnerTeam === strongTeam ? 1 : 0, hands: hands + 1 };
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const pairs: number[] = [];
let wins = 0;
let draws = 0;
let hands = 0;
const t0 = performance.now();
for (let i = 0; i < matches / 2; i++) {
  const seed = `${seedBase}-${i}`;
  const a = playMatch(seed, 0);
  const b = playMatch(seed, 1);
  pairs.push((a.score + b.score) / 2);
  for (const r of [a, b]) {
    if (r.score === 1) wins++;
    else if (r.score === 0.5) draws++;
    hands += r.hands;
  }
}
const secs = (performance.now() - t0) / 1000;
const n = pairs.length;
const mean = pairs.reduce((s, x) => s + x, 0) / n;
const variance = pairs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, n - 1);
const half = 1.96 * Math.sqrt(variance / n);
const sortedAll = times.slice().sort((x, y) => x - y);
const sortedPlay = playTimes.slice().sort((x, y) => x - y);
const sortedCpu = cpuTimes.slice().sort((x, y) => x - y);
const sortedPlayCpu = playCpuTimes.slice().sort((x, y) => x - y);
const f = (x: number): string => x.toFixed(2);

console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(" ")} on ${cpus().length} cores`);
console.log(`bots bench: strong (search, ${playouts} playouts/move, min ${minWorlds} worlds) vs basic (heuristic), target score ${target}`);
console.log(`matches:        ${matches} (${n} mirrored pairs), ${hands} hands dealt, ${secs.toFixed(1)} s`);
console.log(`strong wins:    ${wins} of ${matches} (${draws} without a winner, counted as half)`);
console.log(`win rate:       ${(mean * 100).toFixed(1)} %  95% CI [${((mean - half) * 100).toFixed(1)} %, ${((mean + half) * 100).toFixed(1)} %] (over pairs)`);
console.log(`per move:       p50 ${f(pct(sortedAll, 50))} ms, p99 ${f(pct(sortedAll, 99))} ms, max ${f(sortedAll[sortedAll.length - 1] ?? NaN)} ms over ${sortedAll.length} strong-bot decisions`);
console.log(`per move (CPU): p50 ${f(pct(sortedCpu, 50))} ms, p99 ${f(pct(sortedCpu, 99))} ms (process CPU time of the same decisions)`);
console.log(`per card play:  p50 ${f(pct(sortedPlay, 50))} ms, p99 ${f(pct(sortedPlay, 99))} ms over ${sortedPlay.length} card decisions (CPU: p50 ${f(pct(sortedPlayCpu, 50))} ms, p99 ${f(pct(sortedPlayCpu, 99))} ms)`);
