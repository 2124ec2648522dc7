import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { STARTER_DECKS } from "../../src/games/duel/index.js";
import type { DiwanServer } from "../../src/platform/server.js";
import { api, signup, startApiServer } from "./helpers.js";

interface Deck {
  id: string;
  game: string;
  name: string;
  cards: string[];
}
interface Refusal {
  error: { code: string; message: string; faults?: { code: string; message: string; card?: string }[] };
}

const starter = STARTER_DECKS[0]!.map((e) => ({ ...e }));
const flat = starter.flatMap((e) => Array.from({ length: e.count }, () => e.card));

describe("decks REST: per user, validated by the game's own deck rules", function () {
  this.timeout(60_000);
  let server: DiwanServer;
  before(async () => {
    server = await startApiServer();
  });
  after(async () => {
    await server.shutdown();
  });

  it("create, list, get, update, delete; the stored deck is the normalised list of card ids", async () => {
    const me = await signup(server);
    const token = me.accessToken;
    const created = await api<Deck>(server, "POST", "/decks", { token, body: { name: "Starter flame", cards: starter } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.game, "duel", "the game defaults to the duel");
    assert.equal(created.body.cards.length, 40);
    assert.deepEqual([...created.body.cards].sort(), [...flat].sort());

    const list = await api<{ items: Deck[] }>(server, "GET", "/decks?game=duel", { token });
    assert.deepEqual(list.body.items.map((d) => d.id), [created.body.id]);
    const one = await api<Deck>(server, "GET", `/decks/${created.body.id}`, { token });
    assert.equal(one.body.name, "Starter flame");

    const renamed = await api<Deck>(server, "PUT", `/decks/${created.body.id}`, { token, body: { name: "Renamed" } });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, "Renamed");
    assert.deepEqual(renamed.body.cards, created.body.cards, "cards kept when only the name changes");

    const removed = await api(server, "DELETE", `/decks/${created.body.id}`, { token });
    assert.equal(removed.status, 204);
    assert.equal((await api(server, "GET", `/decks/${created.body.id}`, { token })).status, 404);
    assert.equal((await api(server, "DELETE", `/decks/${created.body.id}`, { token })).status, 404);
  });

  it("refuses decks that break the rules with every fault named, and changes nothing", async () => {
    const me = await signup(server);
    const token = me.accessToken;
    const tooBig = await api<Refusal>(server, "POST", "/decks", { token, body: { name: "41", cards: [...flat, flat[0]] } });
    assert.equal(tooBig.status, 422);
    assert.equal(tooBig.body.error.code, "INVALID_DECK");
    const codes = tooBig.body.error.faults!.map((f) => f.code);
    assert.ok(codes.includes("DECK_SIZE"), codes.join(","));

    const bad = await api<Refusal>(server, "POST", "/decks", {
      token,
      body: { name: "bad", cards: [...flat.slice(0, 36), "no-such-card", "sparkit", "sparkit", "sparkit"].map(String) },
    });
    assert.equal(bad.status, 422);
    const faults = bad.body.error.faults!;
    assert.ok(faults.some((f) => f.code === "UNKNOWN_CARD" && f.card === "no-such-card"), JSON.stringify(faults));
    assert.match(bad.body.error.message, /deck rules/);

    const noDecks = await api<Refusal>(server, "POST", "/decks", { token, body: { game: "baloot", name: "x", cards: flat } });
    assert.equal(noDecks.status, 422);
    assert.equal(noDecks.body.error.code, "NO_DECKS_FOR_GAME");
    const unknown = await api<Refusal>(server, "POST", "/decks", { token, body: { game: "chess", name: "x", cards: flat } });
    assert.equal(unknown.body.error.code, "UNKNOWN_GAME");

    const badShape = await api<Refusal>(server, "POST", "/decks", { token, body: { name: "", cards: "all of them" } });
    assert.equal(badShape.status, 400);

    // A valid deck, then an invalid replacement: refused, the deck unchanged.
    const ok = await api<Deck>(server, "POST", "/decks", { token, body: { name: "ok", cards: flat } });
    const update = await api<Refusal>(server, "PUT", `/decks/${ok.body.id}`, { token, body: { cards: flat.slice(0, 39) } });
    assert.equal(update.status, 422);
    assert.ok(update.body.error.faults!.some((f) => f.code === "DECK_SIZE"));
    assert.deepEqual((await api<Deck>(server, "GET", `/decks/${ok.body.id}`, { token })).body.cards, ok.body.cards);
    assert.equal((await api<{ items: Deck[] }>(server, "GET", "/decks", { token })).body.items.length, 1, "nothing stored by the refusals");
  });

  it("another user's deck is 404 for reading, changing and deleting; no token is 401", async () => {
    const owner = await signup(server);
    const other = await signup(server);
    const deck = await api<Deck>(server, "POST", "/decks", { token: owner.accessToken, body: { name: "mine", cards: flat } });
    for (const [method, body] of [["GET", undefined], ["PUT", { name: "stolen" }], ["DELETE", undefined]] as const) {
      const res = await api<Refusal>(server, method, `/decks/${deck.body.id}`, { token: other.accessToken, body });
      assert.equal(res.status, 404, `${method}`);
      assert.equal(res.body.error.code, "DECK_NOT_FOUND");
    }
    assert.deepEqual((await api<{ items: Deck[] }>(server, "GET", "/decks", { token: other.accessToken })).body.items, []);
    assert.equal((await api<Deck>(server, "GET", `/decks/${deck.body.id}`, { token: owner.accessToken })).body.name, "mine");
    assert.equal((await api(server, "GET", "/decks")).status, 401);
    assert.equal((await api(server, "GET", `/decks/${randomUUID()}`, { token: owner.accessToken })).status, 404);
  });

  it("GET /duel/cards serves the catalogue (public)", async () => {
    const res = await api<{ set: string; deckSize: number; maxCopies: number; cards: { id: string; kind: string }[] }>(server, "GET", "/duel/cards");
    assert.equal(res.status, 200);
    assert.equal(res.body.set, "core");
    assert.equal(res.body.deckSize, 40);
    assert.equal(res.body.maxCopies, 3);
    assert.ok(res.body.cards.length >= 60);
    assert.ok(res.body.cards.some((c) => c.kind === "creature") && res.body.cards.some((c) => c.kind === "energy") && res.body.cards.some((c) => c.kind === "trainer"));
  });
});
