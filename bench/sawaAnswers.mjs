/* global process, console */
// The Sawa answers of a fixed corpus, to check that a change to the solver keeps every answer:
// N public random-play matches (legalActions + apply, match m seeded "sawa-<m>", its random choices
// seedState("m-<m>")), sawaValid at every lead in play order; prints an FNV-1a hash of the answers,
// the lead counts and the search nodes by answer kind (Sun / Hokum, valid / invalid).
//   npx tsc -p tsconfig.bench.json --outDir /tmp/eng-X && node bench/sawaAnswers.mjs /tmp/eng-X [matches=1200]
// Tenth round (168a739): 69,934 leads (67,692 in Sun, 20,964 valid), hash 4208460239.
import { pathToFileURL } from "node:url";
import { join } from "node:path";
const [dist, nArg = "1200"] = process.argv.slice(2);
const imp = (p) => import(pathToFileURL(join(dist, p)).href);
const { baloot, newMatch } = await imp("src/games/baloot/index.js");
const { createRng, seedState } = await imp("src/games/core/rng.js");
const { sawaValid } = await imp("src/games/baloot/sawa.js");
const { lastSawaNodes } = await imp("src/games/baloot/sawaSolver.js");
let hash = 0x811c9dc5;
let leads = 0;
let sun = 0;
let valid = 0;
const nodes = { sunValid: 0, sunInvalid: 0, hokumValid: 0, hokumInvalid: 0 };
for (let m = 0; m < Number(nArg); m++) {
  const { state } = newMatch(`sawa-${m}`, {});
  const r = createRng(seedState(`m-${m}`));
  while (state.phase !== "OVER") {
    const seat = state.turn;
    if (state.phase === "PLAYING" && state.hand.trick.length === 0 && state.hand.foulTeam < 0) {
      const v = sawaValid(state, seat);
      const isSun = state.hand.contract.trump < 0;
      leads++;
      if (isSun) sun++;
      if (v) valid++;
      hash = Math.imul(hash ^ (v ? 1 : 2), 16777619) >>> 0;
      nodes[(isSun ? "sun" : "hokum") + (v ? "Valid" : "Invalid")] += lastSawaNodes();
    }
    const actions = baloot.legalActions(state, seat);
    baloot.apply(state, seat, actions[r.int(actions.length)]);
  }
}
console.log(JSON.stringify({ hash, leads, sun, valid, nodes }));
