/** The bot manager decides from its seat's view only, and plays sensibly. */
import { strict as assert } from "node:assert";
import { baseball, botDecide, buildView } from "../../../src/games/baseball/index.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";
import { setBases, started, order, pa, setBatterRow } from "./helpers.js";

const rng = () => createRng(seedState("bot-test"));

describe("baseball: bot manager", () => {
  it("decides from a JSON copy of its view alone (no state)", () => {
    const { s } = started();
    for (const seat of [0, 1]) {
      const view = JSON.parse(JSON.stringify(buildView(s, seat)));
      const action = botDecide(view, rng());
      baseball.apply(baseball.clone(s), seat, action);
    }
  });

  it("brings in a reliever when the pitcher is tired", () => {
    const { s } = started();
    setBatterRow(s, 7, "K");
    pa(s, [1, 7]);
    s.teams[1].pitches[s.teams[1].pitcher] = 130;
    const a = botDecide(buildView(s, 1), rng());
    assert.equal(a.type, "sub");
    assert.equal(a.type === "sub" && a.kind, "pitcher");
  });

  it("bunts late and close with a runner on and nobody out", () => {
    const { s } = started();
    s.inning = 8;
    s.score = [2, 2];
    s.teams[0].card = structuredClone(s.teams[0].card);
    const batter = s.teams[0].card.players.find((p) => p.id === s.teams[0].order[s.teams[0].spot])!;
    batter.bunt = 15;
    const o = order(s, 0);
    s.teams[0].card.players.find((p) => p.id === o[5])!.speed = 12;
    setBases(s, [o[5]!, null, null]);
    assert.deepEqual(botDecide(buildView(s, 0), rng()), { type: "offense", play: "sacBunt" });
  });

  it("steals with a fast runner when second is open", () => {
    const { s } = started();
    const o = order(s, 0);
    s.teams[0].card = structuredClone(s.teams[0].card);
    s.teams[0].card.players.find((p) => p.id === o[5])!.speed = 19;
    setBases(s, [o[5]!, null, null]);
    let steals = 0;
    const r = rng();
    for (let i = 0; i < 50; i++) {
      const a = botDecide(buildView(s, 0), r);
      if (a.type === "offense" && a.play === "steal") steals++;
    }
    assert.ok(steals > 15 && steals < 50, `steals ${steals}`);
  });
});
