/**
 * `privateView(state, seat)`: exactly the private fields of the seat's full view (own cards, legal
 * actions, own declared projects), at every step of randomly played matches, under two profiles.
 */
import { strict as assert } from "node:assert";
import { baloot, newMatch, privateView, randomBot, type BalootOptions } from "../../../src/games/baloot/index.js";
import { createRng, seedState } from "../../../src/games/core/rng.js";

describe("baloot privateView", () => {
  it("equals the private part of view(state, seat) for every seat at every step (2 profiles × 6 matches)", () => {
    let steps = 0;
    let withProjects = 0;
    for (const options of [{}, { profile: "KAMMELNA_LIKE" }] as BalootOptions[]) {
      for (let m = 0; m < 6; m++) {
        const r = createRng(seedState(`private-view-${m}`));
        const { state } = newMatch(`private-view-${m}`, options);
        while (state.phase !== "OVER") {
          for (let seat = 0; seat < 4; seat++) {
            const full = baloot.view(state, seat);
            const part = privateView(state, seat);
            assert.deepEqual(part, { seat, myCards: full.myCards, legalActions: full.legalActions, projects: { mine: full.projects.mine } });
            if (part.projects.mine !== null) withProjects++;
          }
          steps++;
          baloot.apply(state, state.turn, randomBot(state, state.turn, r));
        }
      }
    }
    assert.ok(steps > 1000 && withProjects > 0, `${steps} steps, ${withProjects} views with declared projects`);
  });

  it("refuses a spectator or a seat outside 0..3", () => {
    const { state } = newMatch("private-view-bad", {});
    for (const bad of [-1, 4, 1.5, Number.NaN]) assert.throws(() => privateView(state, bad), RangeError);
  });
});
