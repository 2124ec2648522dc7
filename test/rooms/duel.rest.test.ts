import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { STARTER_DECKS } from "../../src/games/duel/index.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { gameDefinition, replay, type StoredEntry } from "../../src/services/replay.js";
import { api, signup, startApiServer, type TestSession } from "../http/helpers.js";
import { Recorded, act, sdkClient, until } from "../helpers/tables.js";

interface TableView {
  status: string;
  phase: string;
  seq: number;
  matchId: string;
  endReason: string;
  winnerTeam: number;
  activeSeats: number[];
  seats: { userId: string; legalActions?: string[]; hand?: string[] }[];
}
interface EventsMessage {
  seq: number;
  events: { type: string; to?: number; seat?: number; cards?: string[]; damage?: number }[];
}
const view = (room: Room) => room.state as unknown as TableView | undefined;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const flat = (i: number) => STARTER_DECKS[i]!.flatMap((e) => Array.from({ length: e.count }, () => e.card));

/** A plain player: attack when he can, else develop (evolve, attach, place), else end the turn. */
const PRIORITY = ["attack", "evolve", "setActive", "promote", "attach", "bench", "pick", "ready", "endSearch", "retreat", "pass"];
function choose(legal: string[]): unknown {
  const actions = legal.map((a) => JSON.parse(a) as { type: string });
  for (const type of PRIORITY) {
    const found = actions.find((a) => a.type === type);
    if (found) return found;
  }
  return actions[0];
}

async function play(room: Room, seat: number, counter: { actions: number }): Promise<void> {
  const rec = Recorded.of(room);
  while (view(room)!.status !== "finished") {
    const v = view(room)!;
    const legal = v.seats[seat]?.legalActions ?? [];
    if (v.status === "playing" && v.activeSeats.includes(seat) && legal.length > 0) {
      const seqBefore = v.seq;
      const ack = await act(rec, choose(legal));
      if (!ack.ok && view(room)!.status === "finished") break;
      assert.equal(ack.ok, true, `refused: ${JSON.stringify(ack)}`);
      counter.actions += 1;
      await until(() => view(room)!.seq > seqBefore || view(room)!.status === "finished", 10_000, "state update");
      await pause(40);
    } else {
      await pause(10);
    }
  }
}

async function saveDeck(server: DiwanServer, who: TestSession, cards: string[]): Promise<string> {
  const res = await api<{ id: string }>(server, "POST", "/decks", { token: who.accessToken, body: { name: "deck", cards } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

const player = (s: TestSession) => ({ id: s.user.id, name: "P", token: s.accessToken });

describe("duel over REST: decks and games created with HTTP, played by two SDK clients", function () {
  this.timeout(240_000);
  let server: DiwanServer;
  before(async () => {
    server = await startApiServer({ BOT_DELAY_MS: "20" });
  });
  after(async () => {
    await server.shutdown();
  });

  it("an invited user finds the table, joins with his deck; only the two players may sit; the match is played to the end and stored", async () => {
    const [alice, bob, carol] = [await signup(server), await signup(server), await signup(server)];
    const aliceDeck = await saveDeck(server, alice, flat(0));
    const bobDeck = await saveDeck(server, bob, flat(1));

    // Refusals first: another user's deck, inviting oneself, an unknown user.
    const notMine = await api<{ error: { code: string } }>(server, "POST", "/games", { token: alice.accessToken, body: { game: "duel", deck_id: bobDeck, opponent: "bot" } });
    assert.equal(notMine.status, 404);
    assert.equal(notMine.body.error.code, "DECK_NOT_FOUND");
    const self = await api<{ error: { code: string } }>(server, "POST", "/games", { token: alice.accessToken, body: { game: "duel", deck_id: aliceDeck, opponent: { userId: alice.user.id } } });
    assert.equal(self.body.error.code, "BAD_OPPONENT");

    const created = await api<{ roomId: string; opponent: string; invitee: string }>(server, "POST", "/games", {
      token: alice.accessToken,
      body: { game: "duel", deck_id: aliceDeck, opponent: { userId: bob.user.id }, rules_config: { prizes: 1, turnSeconds: 120, turnWarningSeconds: 20 } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { roomId } = created.body;
    assert.equal(created.body.invitee, bob.user.id);

    const bobActive = await api<{ items: unknown[]; waiting: { roomId: string; invited: boolean; createdBy: string }[] }>(server, "GET", "/games/me/active", { token: bob.accessToken });
    assert.deepEqual(bobActive.body.waiting.map((w) => [w.roomId, w.invited, w.createdBy]), [[roomId, true, alice.user.id]]);
    const carolActive = await api<{ waiting: unknown[] }>(server, "GET", "/games/me/active", { token: carol.accessToken });
    assert.deepEqual(carolActive.body.waiting, []);

    // A stranger may not sit; the invited player must bring one of his own decks.
    await assert.rejects(sdkClient(server.url, player(carol)).joinById(roomId, {}), /NOT_INVITED/);
    await assert.rejects(sdkClient(server.url, player(bob)).joinById(roomId, {}), /deckId/);
    await assert.rejects(sdkClient(server.url, player(bob)).joinById(roomId, { deckId: aliceDeck }), /no deck with this id/);

    const aliceRoom = await sdkClient(server.url, player(alice)).joinById(roomId, {});
    const aliceRec = Recorded.of(aliceRoom);
    await pause(100);
    assert.equal(view(aliceRoom)!.status, "waiting", "the table waits for the invited player");
    const bobRoom = await sdkClient(server.url, player(bob)).joinById(roomId, { deckId: bobDeck });
    const bobRec = Recorded.of(bobRoom);
    await until(() => view(aliceRoom)?.status === "playing" && view(bobRoom)?.status === "playing", 10_000, "started");
    const seatOf = (id: string) => view(aliceRoom)!.seats.findIndex((s) => s.userId === id);
    const [aSeat, bSeat] = [seatOf(alice.user.id), seatOf(bob.user.id)];
    assert.deepEqual([aSeat, bSeat].sort(), [0, 1]);
    assert.equal((view(aliceRoom) as unknown as { turnTimeoutS: number }).turnTimeoutS, 120, "rules_config.turnSeconds");

    // Each plays his own stored deck: every card he drew is in it.
    await until(() => (view(bobRoom)!.seats[bSeat]?.hand?.length ?? 0) > 0, 5_000, "hands");
    const drawn = (rec: Recorded, seat: number) => rec.events<EventsMessage>().flatMap((m) => m.events).filter((e) => e.type === "drawnCards" && e.to === seat).flatMap((e) => e.cards ?? []);
    assert.ok(drawn(aliceRec, aSeat).every((c) => flat(0).includes(c)) && drawn(aliceRec, aSeat).length >= 7);
    assert.ok(drawn(bobRec, bSeat).every((c) => flat(1).includes(c)) && drawn(bobRec, bSeat).length >= 7);
    assert.equal(drawn(aliceRec, bSeat).length, 0, "the other's drawn cards never reach him");

    const counter = { actions: 0 };
    await Promise.all([play(aliceRoom, aSeat, counter), play(bobRoom, bSeat, counter)]);
    const final = view(aliceRoom)!;
    assert.equal(final.status, "finished");
    assert.equal(final.endReason, "finished");
    const ended = aliceRec.of<{ matchId: string; outcome: { winnerTeam: number | null; reason: string } }>("matchEnded")[0]!;
    assert.ok(["allPrizes", "noCreatures", "deckOut", "bothWon"].includes(ended.outcome.reason), ended.outcome.reason);

    // The opponent's public actions reached each player in order, with what is needed to animate them.
    const seqs = bobRec.events<EventsMessage>().map((m) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "in order");
    const attacks = bobRec.events<EventsMessage>().flatMap((m) => m.events).filter((e) => e.type === "attack" && e.seat === aSeat);
    assert.ok(attacks.every((e) => typeof e.damage === "number"), "attacks carry their damage");

    let status = "";
    for (let i = 0; i < 100 && status !== "finished"; i++) {
      const m = await api<{ status: string; players: { userId: string | null }[] }>(server, "GET", `/matches/${ended.matchId}`, { token: bob.accessToken });
      status = m.body.status;
      if (status !== "finished") await pause(50);
    }
    assert.equal(status, "finished");
    // The stored match replays: the engine folded over the replay document gives the same outcome.
    const doc = await api<{ game: string; seats: number; seed: string; options: Record<string, unknown>; entries: StoredEntry[]; outcome: unknown }>(
      server, "GET", `/matches/${ended.matchId}/replay`, { token: bob.accessToken },
    );
    assert.equal(doc.status, 200);
    const { mode: _mode, ...options } = doc.body.options;
    const rerun = replay(gameDefinition(doc.body.game)!, { seed: doc.body.seed, seats: doc.body.seats, options, entries: doc.body.entries });
    assert.deepEqual(rerun.outcome, doc.body.outcome);
    const box = await api<{ source: string }>(server, "GET", `/matches/${ended.matchId}/boxscore`, { token: bob.accessToken });
    assert.equal(box.status, 200);
    const after = await api<{ waiting: unknown[] }>(server, "GET", "/games/me/active", { token: bob.accessToken });
    assert.deepEqual(after.body.waiting, [], "no longer waiting");
    assert.ok(counter.actions > 4);
    await Promise.all([aliceRoom.leave(), bobRoom.leave()]);
  });

  it("an open table seats the first other player with his deck and nobody after him", async () => {
    const [host, first, late] = [await signup(server), await signup(server), await signup(server)];
    const hostDeck = await saveDeck(server, host, flat(0));
    const firstDeck = await saveDeck(server, first, flat(1));
    const lateDeck = await saveDeck(server, late, flat(1));
    const created = await api<{ roomId: string; opponent: string; invitee: string | null }>(server, "POST", "/games", {
      token: host.accessToken,
      body: { game: "duel", deck_id: hostDeck, opponent: "open" },
    });
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.opponent, created.body.invitee], ["open", null]);
    const firstRoom = await sdkClient(server.url, player(first)).joinById(created.body.roomId, { deckId: firstDeck });
    await until(() => view(firstRoom)?.seats?.some((s) => s.userId === first.user.id) === true, 5_000, "first comer seated");
    await assert.rejects(sdkClient(server.url, player(late)).joinById(created.body.roomId, { deckId: lateDeck }), /NOT_INVITED/);
    const hostRoom = await sdkClient(server.url, player(host)).joinById(created.body.roomId, {});
    await until(() => view(hostRoom)?.status === "playing", 5_000, "started with the creator");
    hostRoom.send("resign", { confirm: true });
    await until(() => view(firstRoom)?.status === "finished", 5_000, "over");
    assert.equal(view(firstRoom)!.winnerTeam, view(firstRoom)!.seats.findIndex((s) => s.userId === first.user.id));
    await Promise.all([hostRoom.leave(), firstRoom.leave()]);
  });

  it("against a bot: the match starts when the creator joins; the creator's stored deck is used", async () => {
    const dana = await signup(server);
    const deckId = await saveDeck(server, dana, flat(1));
    const created = await api<{ roomId: string; opponent: string }>(server, "POST", "/games", { token: dana.accessToken, body: { game: "duel", deck_id: deckId, opponent: "bot" } });
    assert.equal(created.status, 201);
    assert.equal(created.body.opponent, "bot");
    const room = await sdkClient(server.url, player(dana)).joinById(created.body.roomId, {});
    const rec = Recorded.of(room);
    await until(() => view(room)?.status === "playing" && (view(room)!.seats[0]?.hand?.length ?? 0) > 0, 10_000, "started");
    const mine = rec.events<EventsMessage>().flatMap((m) => m.events).filter((e) => e.type === "drawnCards" && e.to === 0).flatMap((e) => e.cards ?? []);
    assert.ok(mine.length >= 7 && mine.every((c) => flat(1).includes(c)));
    room.send("resign", { confirm: true });
    await until(() => view(room)?.status === "finished", 5_000, "resigned");
    assert.equal(view(room)!.endReason, "resign");
    await room.leave();
  });
});
