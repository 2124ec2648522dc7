/**
 * Seeded matches through the public API, digested: the golden record that pins the engine's
 * observable behaviour (events, views, legal action lists and their order, outcomes, refusals).
 * `goldenDigests()` replays them; `npx tsx test/games/baloot/goldenPlay.ts --write` rewrites the
 * fixture (only ever from a commit whose behaviour is the reference).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { baloot, initialEvents, type BalootOptions } from "../../../src/games/baloot/index.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { isIllegalAction } from "../../../src/games/core/IllegalAction.js";

export const GOLDEN_FILE = fileURLToPath(new URL("./fixtures/golden-play.json", import.meta.url));

/** Rule variants covered: the default, the Qaid profile (false Sawa is a foul there), play-flag overrides. */
export const GOLDEN_OPTIONS: BalootOptions[] = [
  {},
  { profile: "KAMMELNA_LIKE" },
  { overrides: { play: { partnerExemption: "ANY", undertrump: "MUST", trumpLedBeatPartner: true } } } as BalootOptions,
  { targetScore: 101 },
];

export interface GoldenMatch {
  seed: string;
  options: number;
  steps: number;
  digest: string;
}

/**
 * One match: each step lists every seat's legal actions, shows the views of the four seats and a
 * spectator, tries an illegal action now and then (the refusal code counts), then applies a
 * random listed action, preferring a Sawa when one is listed so that claims happen often.
 */
export function playGolden(seed: string, optionsIndex: number): GoldenMatch {
  const options = GOLDEN_OPTIONS[optionsIndex]!;
  const hash = createHash("sha256");
  const put = (x: unknown): void => {
    hash.update(JSON.stringify(x));
    hash.update("\n");
  };
  const rng = createRng(seedState(`golden-${seed}`));
  let state = baloot.setup({ seed, seats: 4, options });
  put(initialEvents(state));
  let steps = 0;
  while (state.phase !== "OVER" && steps < 5000) {
    const seat = state.turn;
    for (let s = 0; s < 4; s++) put(baloot.legalActions(state, s));
    if (steps % 7 === 0) for (const v of [0, 1, 2, 3, null]) put(baloot.view(state, v));
    put(baloot.timeoutAction(state, seat));
    if (steps % 5 === 0) {
      // A refused action (a Sawa when not listed, or another seat's turn) must leave the state alone.
      const other = (seat + 1 + rng.int(3)) & 3;
      for (const [s, a] of [
        [seat, { type: "sawa" }],
        [other, { type: "play", card: "AS" }],
      ] as const) {
        const before = JSON.stringify(state);
        try {
          const r = baloot.apply(baloot.clone(state), s, a);
          put({ accepted: a, seat: s, events: r.events });
        } catch (e) {
          if (!isIllegalAction(e)) throw e;
          put({ refused: e.code });
        }
        if (JSON.stringify(state) !== before) throw new Error("a trial on a clone changed the state");
      }
    }
    const actions = baloot.legalActions(state, seat);
    const sawa = actions.find((a) => a.type === "sawa");
    const action = sawa && rng.int(2) === 0 ? sawa : actions[rng.int(actions.length)]!;
    const r = baloot.apply(state, seat, JSON.parse(JSON.stringify(action)) as unknown);
    state = r.state;
    put(r.events);
    steps++;
  }
  put(baloot.outcome(state));
  put(baloot.view(state, null));
  return { seed, options: optionsIndex, steps, digest: hash.digest("hex") };
}

export const GOLDEN_MATCHES = 48;

export function goldenDigests(): GoldenMatch[] {
  const out: GoldenMatch[] = [];
  for (let i = 0; i < GOLDEN_MATCHES; i++) out.push(playGolden(`golden-seed-${i}`, i % GOLDEN_OPTIONS.length));
  return out;
}

if (process.argv.includes("--write")) {
  writeFileSync(GOLDEN_FILE, JSON.stringify(goldenDigests(), null, 1) + "\n");
  console.log(`wrote ${GOLDEN_FILE}`);
}
