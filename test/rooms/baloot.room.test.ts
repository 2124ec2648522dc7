import assert from "node:assert/strict";
import { sql } from "kysely";
import { baloot } from "../../src/games/baloot/index.js";
import { Recorded, act, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  /** "7S 10H AC" (private: "" unless ours). */
  hand: string;
  legalActions: string[];
  name: string;
  isBot: boolean;
  connected: boolean;
}
interface TableView {
  status: string;
  phase: string;
  seq: number;
  toAct: number;
  seats: SeatView[];
  deadline: number;
  winnerTeam: number;
}

describe("BalootRoom: one player against three bots", function () {
  this.timeout(120_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0" });

  it("plays a full match to the end; the database holds the match, players, every event and the outcome, and a replay agrees", async () => {
    const user = await makeUser("Hamad");
    const client = sdkClient(serverOf().url, user);
    const room = await client.create("baloot", { mode: "bots" });
    const rec = new Recorded(room);
    const state = () => room.state as unknown as TableView;
    await until(() => state()?.status === "playing", 10_000, "match start");

    // The human plays the first legal action offered whenever it is his turn.
    let actions = 0;
    while (state().status !== "finished") {
      const mine = state().seats[0];
      if (state().toAct === 0 && mine && mine.legalActions.length > 0) {
        const seqBefore = state().seq;
        // Human pace: the room allows 20 messages per second per client.
        await new Promise((r) => setTimeout(r, 60));
        const option = mine.legalActions[0] as string;
        const ack = await act(rec, JSON.parse(option));
        assert.equal(ack.ok, true, `action refused: ${JSON.stringify(ack)}`);
        actions += 1;
        await until(() => state().seq > seqBefore || state().status === "finished", 10_000, "state update");
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    assert.ok(actions > 10, "the human took part");
    const ended = rec.of<{ matchId: string; outcome: { winnerTeam: number; scores: number[] } }>("matchEnded")[0];
    assert.ok(ended, "matchEnded message");
    const matchId = ended.matchId;

    const db = serverOf().database.db;
    let match;
    for (let i = 0; i < 100; i++) {
      match = await db.selectFrom("matches").selectAll().where("id", "=", matchId).executeTakeFirst();
      if (match?.status === "finished") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(match, "match row");
    assert.equal(match.status, "finished");
    assert.equal(match.seed_revealed, true);
    assert.equal(match.winner_team, ended.outcome.winnerTeam);
    const players = await db.selectFrom("match_players").selectAll().where("match_id", "=", matchId).orderBy("seat").execute();
    assert.deepEqual(players.map((p) => p.is_bot), [false, true, true, true]);
    const events = await db.selectFrom("match_events").selectAll().where("match_id", "=", matchId).orderBy("seq").execute();
    assert.equal(events.length, state().seq, "every log entry stored once");
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    const dupes = await sql<{ n: number }>`select count(*)::int as n from match_events where match_id = ${matchId} group by seq having count(*) > 1`.execute(db);
    assert.equal(dupes.rows.length, 0);

    // Replay (options, seed, actions) through the engine: same outcome.
    let game = baloot.setup({ seed: match.seed, seats: 4, options: {} });
    for (const e of events) {
      if (e.action && e.seat !== null) game = baloot.apply(game, e.seat, e.action).state;
    }
    const outcome = baloot.outcome(game);
    assert.ok(outcome);
    assert.equal(outcome.winnerTeam, match.winner_team);
    assert.deepEqual(outcome.scores, match.scores);

    // The box score: asked over the room, stored at the end, and rebuilt from the stored events agree.
    room.send("boxScore");
    await until(() => rec.of("boxScore").length === 1, 5_000, "box score message");
    const live = rec.of("boxScore")[0];
    const stored = await db.selectFrom("box_scores").select(["box", "final"]).where("match_id", "=", matchId).executeTakeFirstOrThrow();
    assert.equal(stored.final, true);
    const rebuilt = baloot.summarise(events.flatMap((e) => e.events as never[]));
    assert.deepEqual(JSON.parse(JSON.stringify(rebuilt)), stored.box);
    assert.deepEqual(live, stored.box);
    await room.leave();
  });
});
