/**
 * The Baloot public mapping through the real schema encoder and decoder: after every move of
 * random games, what a client decodes from the patches (and from a full state, as a late joiner
 * gets it) equals the engine's public view — the trick and the last trick above all, which the
 * mapping patches in place card by card (balootMapping.ts) — including patches that carry
 * several moves (bot bursts) and the trick collected and the next one led in one patch.
 */
import { strict as assert } from "node:assert";
import { Decoder, Encoder } from "@colyseus/schema";
import { baloot, type BalootState as EngineState, type BalootView } from "../../src/games/baloot/index.js";
import { createRng, seedState } from "../../src/games/core/rng.js";
import { BalootState, type TrickState } from "../../src/schema/BalootState.js";
import { syncBalootPublic } from "../../src/rooms/balootMapping.js";

function trickOf(t: TrickState) {
  return { leader: t.leader, cards: [...t.cards].map((c) => ({ seat: c.seat, card: c.card })), akka: t.akka, winner: t.winner, points: t.points };
}

function expectedTrick(v: BalootView["trick"] | BalootView["lastTrick"]) {
  const t = v as { leader: number; cards: { seat: number; card: string }[]; akka?: boolean; winner?: number; points?: number } | null;
  return {
    leader: t ? t.leader : -1,
    cards: (t?.cards ?? []).map((c) => ({ seat: c.seat, card: c.card })),
    akka: t?.akka ?? false,
    winner: t?.winner ?? -1,
    points: t?.points ?? 0,
  };
}

function checkDecoded(decoded: BalootState, view: BalootView, where: string): void {
  assert.deepEqual(trickOf(decoded.trick), expectedTrick(view.trick), `${where}: trick`);
  assert.deepEqual(trickOf(decoded.lastTrick), expectedTrick(view.lastTrick), `${where}: last trick`);
  assert.equal(decoded.phase, view.phase, `${where}: phase`);
  assert.equal(decoded.trickNo, view.trickNo, `${where}: trick number`);
  assert.deepEqual([...decoded.scores], view.scores, `${where}: scores`);
  assert.deepEqual(
    [...decoded.bids].map((b) => ({ seat: b.seat, call: b.call })),
    view.bidding.history.map((b) => ({ seat: b.seat, call: b.call })),
    `${where}: bids`,
  );
}

describe("Baloot public mapping through the schema encoder", function () {
  this.timeout(60_000);

  for (const seed of ["map-1", "map-2", "map-3", "map-4"]) {
    it(`random game ${seed}: every patch and a late full state decode to the public view`, () => {
      const rng = createRng(seedState(seed));
      let game: EngineState = baloot.setup({ seed, seats: 4, options: {} });
      const state = new BalootState();
      const encoder = new Encoder(state);
      const decoder = new Decoder(new BalootState());
      let moves = 0;
      while (!baloot.outcome(game) && moves < 300) {
        // Now and then several moves go out in one patch (bots moving back to back).
        const burst = rng.int(4) === 0 ? 2 + rng.int(4) : 1;
        for (let b = 0; b < burst && !baloot.outcome(game); b++) {
          const seat = baloot.activeSeats(game)[0] as number;
          const legal = baloot.legalActions(game, seat);
          game = baloot.apply(game, seat, legal[rng.int(legal.length)]).state;
          syncBalootPublic(state, baloot.view(game, null));
          moves += 1;
        }
        const view = baloot.view(game, null);
        decoder.decode(encoder.encode());
        encoder.discardChanges();
        checkDecoded(decoder.state, view, `${seed} move ${moves}`);
        if (moves % 17 === 0) {
          const late = new Decoder(new BalootState());
          late.decode(encoder.encodeAll());
          checkDecoded(late.state, view, `${seed} move ${moves} (full state)`);
        }
      }
      assert.ok(moves > 40, `the game went on (${moves} moves)`);
    });
  }
});
