/**
 * Baloot engine benchmark (npm run bench:engine).
 *  1. Headline: random play through the public API the room uses: `baloot.legalActions` for the
 *     seat to act (exact Sawa listing included), a uniformly random entry, `baloot.apply`
 *     (parse + validate + apply), complete hands; hands per CPU-second;
 *  2. internal random play: the engine's own dispatcher (`applyMove`) with cards drawn from
 *     `legalCardMask` (no action objects, no Sawa listing);
 *  3. heuristic-bot hands/s: all four seats played by the heuristic bot;
 *  4. µs per public legalActions (when leading, i.e. with the Sawa solve, and otherwise) and per
 *     public apply (JSON action, parse + validate + apply);
 *  5. the exact Sawa listing alone: every lead position of 200 random matches (recorded without
 *     solving any claim), solved in order through `sawaValid` (CPU µs per lead, the share of Sun
 *     contracts, valid claims, search nodes);
 *  6. heuristic bot's match win rate against the random bot (≥ 1,000 matches, sides alternated).
 */
import { createRng, seedState, type Rng } from "../src/games/core/rng.js";
import { popcount } from "../src/games/baloot/cards.js";
import { baloot, applyMove, legalMoves, newMatch, heuristicMove, randomMove, legalCardMask, toAction } from "../src/games/baloot/index.js";
import { sawaValid } from "../src/games/baloot/sawa.js";
import { lastSawaNodes } from "../src/games/baloot/sawaSolver.js";
import type { BalootEvent, BalootState, Move, BalootAction } from "../src/games/baloot/index.js";

const rng = createRng(seedState("bench"));
const events: BalootEvent[] = [];


/** One random step; play moves avoid allocation except the Move itself. */
function randomStep(state: BalootState, r: Rng): void {
  const seat = state.turn;
  if (state.phase === "PLAYING") {
    let m = legalCardMask(state, seat);
    let k = r.int(popcount(m));
    // Drop the k lowest legal cards, play the next one.
    while (k-- > 0) m = (m & (m - 1)) >>> 0;
    const card = 31 - Math.clz32((m & -m) >>> 0);
    applyMove(state, seat, { k: "play", card, akka: false, baloot: false }, events);
    return;
  }
  const moves = legalMoves(state, seat);
  applyMove(state, seat, moves[r.int(moves.length)]!, events);
}


/** One random step through the public API, as the room drives the engine; returns the hands it ended (scored, thrown in). */
function publicStep(state: BalootState, r: Rng, ended: { scored: number; cancelled: number }): void {
  const seat = state.turn;
  const actions = baloot.legalActions(state, seat);
  const { events: out } = baloot.apply(state, seat, actions[r.int(actions.length)]!);
  // The events are scanned where they come out (a harness that copies them costs ≈ 10 % of the loop).
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!.type;
    if (t === "handScored") ended.scored++;
    else if (t === "handCancelled") ended.cancelled++;
  }
}

/** CPU seconds of this process (user + system): the figure that matters on a shared machine. */
function cpuSecs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timeLoop(seconds: number, step: (s: BalootState, ended: { scored: number; cancelled: number }) => void): { hands: number; secs: number; cpu: number; cancelled: number } {
  const ended = { scored: 0, cancelled: 0 };
  let m = 0;
  const c0 = cpuSecs();
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let batch = 0; batch < 20; batch++) {
      const { state } = newMatch(`bench-${m++}`, {});
      while (state.phase !== "OVER") step(state, ended);
    }
  }
  return { hands: ended.scored, cancelled: ended.cancelled, secs: (performance.now() - t0) / 1000, cpu: cpuSecs() - c0 };
}

/** The internal path's steps append to `events`: counted and dropped after each step. */
function internalStep(state: BalootState, ended: { scored: number; cancelled: number }, step: (s: BalootState) => void): void {
  events.length = 0;
  step(state);
  for (let i = 0; i < events.length; i++) {
    const t = events[i]!.type;
    if (t === "handScored") ended.scored++;
    else if (t === "handCancelled") ended.cancelled++;
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

// Warm-up.
timeLoop(0.5, (s, e) => internalStep(s, e, (x) => randomStep(x, rng)));
timeLoop(0.5, (s, e) => publicStep(s, rng, e));

// The machine may be shared: three 1.5 s runs, reporting the median and the best (CPU time).
function runs(step: (s: BalootState, ended: { scored: number; cancelled: number }) => void): { best: number; median: number; wall: number; hands: number; cancelled: number } {
  const r = [timeLoop(1.5, step), timeLoop(1.5, step), timeLoop(1.5, step)];
  const rates = r.map((x) => x.hands / x.cpu).sort((a, b) => a - b);
  const hands = r.reduce((a, x) => a + x.hands, 0);
  const wall = hands / r.reduce((a, x) => a + x.secs, 0);
  return { best: rates[2]!, median: rates[1]!, wall, hands, cancelled: r.reduce((a, x) => a + x.cancelled, 0) };
}

const pub = runs((s, e) => publicStep(s, rng, e));
console.log(
  `public API:     ${fmt(pub.median)} played hands per CPU-second (random play through legalActions + apply, exact Sawa listing; median of 3; best ${fmt(pub.best)}; ${fmt(pub.wall)} per wall second; ${fmt(pub.hands)} hands + ${fmt(pub.cancelled)} thrown-in, one thread)`,
);
if (process.env.BENCH_ONLY_PUBLIC) process.exit(0);
const rp = runs((s, e) => internalStep(s, e, (x) => randomStep(x, rng)));
console.log(
  `internal:       ${fmt(rp.median)} played hands per CPU-second (random play through applyMove + legalCardMask; median of 3; best ${fmt(rp.best)}; ${fmt(rp.wall)} per wall second; ${fmt(rp.hands)} hands + ${fmt(rp.cancelled)} thrown-in)`,
);
if (process.env.BENCH_ONLY_RANDOM) process.exit(0);
const hp = runs((s, e) =>
  internalStep(s, e, (x) => {
    const seat = x.turn;
    applyMove(x, seat, heuristicMove(x, seat), events);
  }),
);
console.log(`heuristic-bot:  ${fmt(hp.median)} played hands per CPU-second (median of 3; best ${fmt(hp.best)}; ${fmt(hp.wall)} per wall second)`);

// Public API timings over recorded random matches.
{
  let laTime = 0;
  let laCalls = 0;
  let apTime = 0;
  let apCalls = 0;
  let leadTime = 0;
  let leadCalls = 0;
  for (let m = 0; m < 150; m++) {
    const state = baloot.setup({ seed: `api-${m}`, seats: 4, options: {} });
    while (state.phase !== "OVER") {
      const seat = state.turn;
      const lead = state.phase === "PLAYING" && state.hand.trick.length === 0;
      const t0 = performance.now();
      const actions: BalootAction[] = baloot.legalActions(state, seat);
      const t1 = performance.now();
      if (lead) {
        leadTime += t1 - t0;
        leadCalls++;
      }
      const action = JSON.parse(JSON.stringify(actions[rng.int(actions.length)])) as unknown;
      const t2 = performance.now();
      baloot.apply(state, seat, action);
      const t3 = performance.now();
      laTime += t1 - t0;
      apTime += t3 - t2;
      laCalls++;
      apCalls++;
    }
  }
  const other = ((laTime - leadTime) * 1000) / (laCalls - leadCalls);
  console.log(
    `legalActions:   ${((laTime * 1000) / laCalls).toFixed(2)} µs/call on average (public API; ${fmt(laCalls)} calls): ${((leadTime * 1000) / leadCalls).toFixed(1)} µs when leading (exact Sawa solve), ${other.toFixed(2)} µs otherwise`,
  );
  console.log(`apply:          ${((apTime * 1000) / apCalls).toFixed(2)} µs/call (public JSON action: parse + validate + apply; ${fmt(apCalls)} calls)`);
}

// The Sawa listing alone: the lead positions of 200 random matches played through the internal path
// (applyMove + legalCardMask: nothing solves a claim while they are recorded, so no answer is cached
// beforehand), then solved in order through `sawaValid` as legalActions would, CPU time per lead.
// The process-wide Sun cache is only as warm as the earlier positions of the run make it.
{
  const leads: BalootState[] = [];
  const r = createRng(seedState("sawa-listing"));
  for (let m = 0; m < 200; m++) {
    const { state } = newMatch(`sawa-${m}`, {});
    while (state.phase !== "OVER") {
      if (state.phase === "PLAYING" && state.hand.trick.length === 0 && state.hand.foulTeam < 0) leads.push(baloot.clone(state));
      events.length = 0;
      randomStep(state, r);
    }
  }
  let valid = 0;
  let sun = 0;
  // Search nodes of each solve (the engine's node counter; every lead is a new position, so each
  // sawaValid call solves).
  const nodes = new Int32Array(leads.length);
  const c0 = cpuSecs();
  for (let i = 0; i < leads.length; i++) {
    const s = leads[i]!;
    if (sawaValid(s, s.turn)) valid++;
    nodes[i] = lastSawaNodes();
  }
  const cpu = cpuSecs() - c0;
  let total = 0;
  let hokumNodes = 0;
  for (let i = 0; i < leads.length; i++) {
    total += nodes[i]!;
    if (leads[i]!.hand.contract!.trump < 0) sun++;
    else hokumNodes += nodes[i]!;
  }
  console.log(
    `Sawa listing:   ${((cpu * 1e6) / leads.length).toFixed(2)} µs CPU per lead (first solve of each: ${fmt(leads.length)} lead positions of 200 random matches, ${((100 * sun) / leads.length).toFixed(0)} % in Sun, ${((100 * valid) / leads.length).toFixed(1)} % valid claims; ${fmt(total)} search nodes, ${fmt(hokumNodes)} of them in Hokum)`,
  );
}

// Heuristic vs random: 1,000+ matches, heuristic on team 0 in even matches and team 1 in odd ones.
{
  const MATCHES = Number(process.env.BENCH_MATCHES ?? 1000);
  let wins = 0;
  let decided = 0;
  const t0 = performance.now();
  for (let m = 0; m < MATCHES; m++) {
    const heurTeam = m & 1;
    const r = createRng(seedState(`duel-${m}`));
    const { state } = newMatch(`duel-${m}`, {});
    while (state.phase !== "OVER") {
      const seat = state.turn;
      const mv: Move = (seat & 1) === heurTeam ? heuristicMove(state, seat) : randomMove(state, seat, r);
      events.length = 0;
      applyMove(state, seat, mv, events);
    }
    if (state.outcome && state.outcome.winnerTeam !== null) {
      decided++;
      if (state.outcome.winnerTeam === heurTeam) wins++;
    }
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(`heuristic vs random: won ${wins}/${decided} matches = ${((100 * wins) / decided).toFixed(1)} % (${MATCHES} matches, ${secs.toFixed(1)} s)`);
}
void toAction;
