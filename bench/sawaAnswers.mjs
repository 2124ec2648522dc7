/* global process, console */
// The Sawa listing's answers and search effort over the leads of public random-play matches: the
// sameness hash quoted in commits (640642851 for 1,200 matches at 168a739), the Sun search nodes,
// and with CLASSES=1 the leads and nodes per class (S/H: Sun/Hokum, cards left, v/i: valid/invalid).
//   npx tsc -p tsconfig.bench.json --outDir /tmp/eng-X
//   node bench/sawaAnswers.mjs /tmp/eng-X [matches=1200]
// The matches are enginePaired.mjs's (`paired-<m>`, random legal actions from seedState("paired", "0")).
import { pathToFileURL } from "node:url";
import { join } from "node:path";
const [dist, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 1200);
const imp = (p) => import(pathToFileURL(join(dist, p)).href);
const { baloot, newMatch } = await imp("src/games/baloot/index.js");
const rng = await imp("src/games/core/rng.js");
const { sun } = await imp("src/games/baloot/sawaSun.js");
const r = rng.createRng(rng.seedState("paired", "0"));
let hash = 2166136261 >>> 0;
let leads = 0;
let valid = 0;
let nodes = 0;
const byClass = new Map();
for (let m = 0; m < N; m++) {
  const { state } = newMatch(`paired-${m}`, {});
  while (state.phase !== "OVER") {
    const seat = state.turn;
    const lead = state.phase === "PLAYING" && state.hand.trick.length === 0;
    if (lead) sun.nodes = 0;
    const actions = baloot.legalActions(state, seat);
    if (lead) {
      const v = actions.some((a) => a.type === "sawa");
      leads++;
      if (v) valid++;
      hash = Math.imul(hash ^ (v ? 1 : 0) ^ (leads << 1), 16777619) >>> 0;
      const key = `${state.hand.contract.trump < 0 ? "S" : "H"}${8 - state.hand.trickNo}${v ? "v" : "i"}`;
      const c = byClass.get(key) ?? [0, 0];
      c[0]++;
      c[1] += sun.nodes;
      nodes += sun.nodes;
      byClass.set(key, c);
    }
    baloot.apply(state, seat, actions[r.int(actions.length)]);
  }
}
console.log(`leads ${leads} valid ${valid} hash ${hash} sunNodes ${nodes}`);
if (process.env.CLASSES) for (const [k, [n, x]] of [...byClass].sort()) console.log(`${k} leads ${n} sunNodes ${x} (${(x / n).toFixed(1)} a lead)`);
