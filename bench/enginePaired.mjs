/* global process, console */
// Paired A/B of the Baloot engine's public API (legalActions + apply, random play, complete hands)
// with both engines loaded in ONE process, alternating batches of the same matches, so both see
// the same machine load. Prints hands per CPU-second of each and the median of per-round ratios.
//   npx tsc -p tsconfig.bench.json --outDir /tmp/eng-A   (each build, e.g. a `git worktree` of the base)
//   node bench/enginePaired.mjs /tmp/eng-A /tmp/eng-B [rounds=12] [matchesPerBatch=150]
// Run both orders (A B and B A): the build loaded first is favoured by 1–2 %.
// where dist = a tsconfig.bench.json output folder (holding src/games/baloot/index.js).
import { pathToFileURL } from "node:url";
import { join } from "node:path";
const [distA, distB, roundsArg, batchArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 12), batch = Number(batchArg ?? 150);
async function load(dist) {
  const eng = await import(pathToFileURL(join(dist, "src/games/baloot/index.js")).href);
  const rng = await import(pathToFileURL(join(dist, "src/games/core/rng.js")).href);
  return { eng, rng };
}
const A = await load(distA), B = await load(distB);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
function run(E, startMatch) {
  const { baloot, newMatch } = E.eng;
  const r = E.rng.createRng(E.rng.seedState("paired", String(startMatch)));
  let hands = 0;
  const c0 = cpu();
  for (let m = startMatch; m < startMatch + batch; m++) {
    const { state } = newMatch(`paired-${m}`, {});
    while (state.phase !== "OVER") {
      const seat = state.turn;
      const actions = baloot.legalActions(state, seat);
      const { events } = baloot.apply(state, seat, actions[r.int(actions.length)]);
      for (let i = 0; i < events.length; i++) if (events[i].type === "handScored" || events[i].type === "handCancelled") hands++;
    }
  }
  return { hands, cpu: cpu() - c0 };
}
run(A, 0); run(B, 0); run(A, batch); run(B, batch); // warm-up
const ratios = []; let ha = 0, ca = 0, hb = 0, cb = 0;
for (let k = 0; k < rounds; k++) {
  const start = (k + 2) * batch;
  const order = k % 2 === 0 ? [A, B] : [B, A];
  const res = order.map((E) => run(E, start));
  const [a, b] = k % 2 === 0 ? res : [res[1], res[0]];
  ha += a.hands; ca += a.cpu; hb += b.hands; cb += b.cpu;
  ratios.push((b.hands / b.cpu) / (a.hands / a.cpu));
}
ratios.sort((x, y) => x - y);
const med = ratios[Math.floor(ratios.length / 2)];
console.log(`A ${distA}: ${Math.round(ha / ca)} hands/CPU-s; B ${distB}: ${Math.round(hb / cb)} hands/CPU-s; B/A median of ${rounds} rounds ${med.toFixed(3)} (range ${ratios[0].toFixed(3)}–${ratios.at(-1).toFixed(3)})`);
