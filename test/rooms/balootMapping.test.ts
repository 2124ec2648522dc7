/**
 * The Baloot public mapping through the real schema encoder and decoder: after every move of
 * random games, what a client decodes from the patches (and from a full state, as a late joiner
 * gets it), read through the documented text formats (web/src/games/baloot/fields.ts, PROTOCOL §3),
 * equals the engine's public view, every public field of it — including patches that carry several
 * moves (bot bursts) and the trick collected and the next one led in one patch; and that syncing
 * the same view again records no change.
 */
import { strict as assert } from "node:assert";
import { Decoder, Encoder } from "@colyseus/schema";
import { baloot, type BalootState as EngineState, type BalootView } from "../../src/games/baloot/index.js";
import { createRng, seedState } from "../../src/games/core/rng.js";
import { BalootState } from "../../src/schema/BalootState.js";
import { syncBalootPublic } from "../../src/rooms/balootMapping.js";
import { bidList, declaredKinds, raiseList, revealedProjects, trickCards } from "../../web/src/games/baloot/fields.js";

/** The public fields as a client reads them. */
function decodedPublic(s: BalootState) {
  return {
    phase: s.phase,
    hand: s.handNo,
    dealer: s.dealer,
    scores: [s.team0Score, s.team1Score],
    targetScore: s.targetScore,
    profile: s.profile,
    toAct: s.toAct,
    faceUp: s.faceUp,
    bidding: { round: s.biddingRound, mode: s.biddingMode, history: bidList(s.bids), hokumBidder: s.hokumBidder, hokumSuit: s.hokumSuit, sunBidder: s.sunBidder },
    contract: { kind: s.contract, trump: s.trump, buyer: s.buyer, ashkal: s.ashkal, faceUpTo: s.faceUpTo },
    doubling: { level: s.doublingLevel, gahwa: s.gahwa, closed: s.closed, doubler: s.doubler, lastRaiser: s.lastRaiser, step: s.doublingStep, raises: raiseList(s.raises) },
    trickNo: s.trickNo,
    trick: { leader: s.trick.leader, cards: trickCards(s.trick.cards), akka: s.trick.akka, winner: s.trick.winner, points: s.trick.points },
    lastTrick: { leader: s.lastTrick.leader, cards: trickCards(s.lastTrick.cards), akka: s.lastTrick.akka, winner: s.lastTrick.winner, points: s.lastTrick.points },
    tricksWon: [s.team0Tricks, s.team1Tricks],
    cardPoints: [s.team0CardPoints, s.team1CardPoints],
    undealt: s.undealt,
    lastTrickBonus: { points: s.lastTrickBonus, team: s.lastTrickBonusTeam },
    declared: declaredKinds(s.declaredProjects),
    projectsRevealed: s.projectsRevealed,
    revealed: revealedProjects(s.revealedProjects),
    projectWinnerTeam: s.projectWinnerTeam,
    balootBy: s.balootBy,
  };
}

/** The same fields from the engine's public view, with the schema's documented "none" values. */
function expectedPublic(v: BalootView): ReturnType<typeof decodedPublic> {
  const b = v.bidding;
  const c = v.contract;
  const d = v.doubling;
  return {
    phase: v.phase,
    hand: v.hand,
    dealer: v.dealer,
    scores: v.scores,
    targetScore: v.targetScore,
    profile: v.profile,
    toAct: v.toAct ?? -1,
    faceUp: v.faceUp ?? "",
    bidding: {
      round: b.round,
      mode: b.mode,
      history: b.history.map((h) => ({ seat: h.seat, round: h.round, call: h.call, suit: h.suit ?? "" })),
      hokumBidder: b.hokumBidder ?? -1,
      hokumSuit: b.hokumSuit ?? "",
      sunBidder: b.sunBidder ?? -1,
    },
    contract: { kind: c ? c.kind : "", trump: c?.trump ?? "", buyer: c ? c.buyer : -1, ashkal: c?.ashkal ?? false, faceUpTo: c ? c.faceUpTo : -1 },
    doubling: { level: d.level, gahwa: d.gahwa, closed: d.closed, doubler: d.doubler ?? -1, lastRaiser: d.lastRaiser ?? -1, step: d.step ?? "", raises: d.raises },
    trickNo: v.trickNo,
    trick: { leader: v.trick ? v.trick.leader : -1, cards: v.trick?.cards ?? [], akka: v.trick?.akka ?? false, winner: -1, points: 0 },
    lastTrick: { leader: v.lastTrick ? v.lastTrick.leader : -1, cards: v.lastTrick?.cards ?? [], akka: false, winner: v.lastTrick?.winner ?? -1, points: v.lastTrick?.points ?? 0 },
    tricksWon: v.tricksWon,
    cardPoints: v.cardPoints,
    undealt: v.undealt,
    lastTrickBonus: { points: v.lastTrickBonus.points, team: v.lastTrickBonus.team ?? -1 },
    declared: v.projects.declared.flatMap((p) => p.kinds.map((kind) => ({ seat: p.seat, kind }))),
    projectsRevealed: v.projects.revealed !== null,
    revealed: v.projects.revealed ?? [],
    projectWinnerTeam: v.projects.winnerTeam ?? -1,
    balootBy: v.baloot.announcedBy ?? -1,
  };
}

/** What the random games reached, so the test shows it covered every list. */
const seen = { bids: 0, raises: 0, declared: 0, revealed: 0, akka: 0, lastTricks: 0 };

function checkDecoded(decoded: BalootState, view: BalootView, where: string): void {
  const expected = expectedPublic(view);
  assert.deepEqual(decodedPublic(decoded), expected, where);
  seen.bids += expected.bidding.history.length > 0 ? 1 : 0;
  seen.raises += expected.doubling.raises.length > 0 ? 1 : 0;
  seen.declared += expected.declared.length > 0 ? 1 : 0;
  seen.revealed += expected.revealed.length > 0 ? 1 : 0;
  seen.akka += expected.trick.akka ? 1 : 0;
  seen.lastTricks += expected.lastTrick.cards.length > 0 ? 1 : 0;
}

describe("Baloot public mapping through the schema encoder", function () {
  this.timeout(60_000);

  for (const seed of ["map-1", "map-2", "map-3", "map-4", "map-5", "map-6"]) {
    it(`random game ${seed}: every patch and a late full state decode to the public view`, () => {
      const rng = createRng(seedState(seed));
      let game: EngineState = baloot.setup({ seed, seats: 4, options: {} });
      const state = new BalootState();
      const encoder = new Encoder(state);
      const decoder = new Decoder(new BalootState());
      let moves = 0;
      while (!baloot.outcome(game) && moves < 600) {
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
        // The mapping assigns every field; an unchanged value must record no change (nothing to send).
        syncBalootPublic(state, view);
        assert.equal(encoder.hasChanges, false, `${seed} move ${moves}: a second sync of the same view changed nothing`);
        if (moves % 17 === 0) {
          const late = new Decoder(new BalootState());
          late.decode(encoder.encodeAll());
          checkDecoded(late.state, view, `${seed} move ${moves} (full state)`);
        }
      }
      assert.ok(moves > 40, `the game went on (${moves} moves)`);
    });
  }

  it("the games above went through every list the formats carry (bids, raises, declared and revealed projects, Akka, last tricks)", () => {
    for (const [list, patches] of Object.entries(seen)) assert.ok(patches > 0, `${list}: checked in ${patches} patches`);
  });
});
