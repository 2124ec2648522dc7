import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { baseball } from "../../src/games/baseball/index.js";
import type { BaseballBoxScore, BaseballEvent } from "../../src/games/baseball/index.js";
import { Recorded, act, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface SeatView {
  legalActions?: string[];
  myDecision?: string;
  joinCode?: string;
  userId: string;
}
interface TableView {
  status: string;
  phase: string;
  seq: number;
  activeSeats: number[];
  scores: number[];
  inning: number;
  winnerTeam: number;
  seats: SeatView[];
  teams: { decided: boolean; innings: number[] }[];
}

const view = (room: Room): TableView => room.state as unknown as TableView;

/** A manager who always makes the first listed decision (lineups by default) whenever his seat must act. */
async function manage(room: Room, seat: number, stats: { bothDecided: number; actions: number }): Promise<void> {
  const rec = Recorded.of(room);
  while (view(room).status !== "finished") {
    const v = view(room);
    const legal = v.seats[seat]?.legalActions ?? [];
    if (v.status === "playing" && v.activeSeats.includes(seat) && legal.length > 0) {
      if (v.activeSeats.length === 2) stats.bothDecided += 1;
      const choice = legal.find((a) => a.includes('"defense"') || a.includes('"offense"') || a.includes('"lineup"')) ?? (legal[0] as string);
      const seqBefore = v.seq;
      const ack = await act(rec, JSON.parse(choice));
      assert.equal(ack.ok, true, `refused: ${JSON.stringify(ack)}`);
      stats.actions += 1;
      await until(() => view(room).seq > seqBefore || view(room).status === "finished", 10_000, "state update");
      // Human pace: the room allows 20 messages per second per client.
      await new Promise((r) => setTimeout(r, 50));
    } else {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

describe("BaseballRoom: two managers deciding at once", function () {
  this.timeout(300_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0" });

  it("a private table plays to a final score with simultaneous decisions; the box score agrees; a replay agrees", async () => {
    const home = await makeUser("Home manager");
    const away = await makeUser("Away manager");
    const hostRoom = await sdkClient(serverOf().url, away).create("baseball", { mode: "private", game: { innings: 7, away: "IVM", home: "SHF" } });
    const hostRec = new Recorded(hostRoom);
    // The join code is a seated player's own seat field (PROTOCOL.md §2); the host sits at seat 0.
    const hostCode = () => view(hostRoom)?.seats?.[0]?.joinCode ?? "";
    await until(() => hostCode().length === 6, 5_000, "join code");
    const guestRoom = await sdkClient(serverOf().url, home).joinById(hostRoom.roomId, { joinCode: hostCode(), seat: 1 });
    const guestRec = new Recorded(guestRoom);
    await until(() => view(hostRoom)?.seats?.[1]?.userId === home.id, 5_000, "second manager seated");
    hostRoom.send("start", {});
    await until(() => view(hostRoom)?.status === "playing", 5_000, "started");

    // The other manager's decision never reaches a client before it is revealed.
    let leaked = false;
    const watch = setInterval(() => {
      if ((view(hostRoom).seats[1]?.myDecision ?? "") !== "" || (view(guestRoom).seats[0]?.myDecision ?? "") !== "") leaked = true;
    }, 5);
    const stats = [
      { bothDecided: 0, actions: 0 },
      { bothDecided: 0, actions: 0 },
    ];
    await Promise.all([manage(hostRoom, 0, stats[0]!), manage(guestRoom, 1, stats[1]!)]);
    clearInterval(watch);
    assert.equal(leaked, false, "a decision leaked to the other manager");
    assert.ok(stats[0]!.bothDecided > 0 && stats[1]!.bothDecided > 0, "both managers were asked at the same time");

    const final = view(hostRoom);
    assert.equal(final.status, "finished");
    assert.notEqual(final.scores[0], final.scores[1]);
    assert.equal(final.winnerTeam, final.scores[0]! > final.scores[1]! ? 0 : 1);

    // The event stream: decisions announced per team, revealed together, a final gameOver.
    const events = hostRec.events<{ events: BaseballEvent[] }>().flatMap((m) => m.events);
    assert.ok(events.filter((e) => e.type === "decisionIn" && e.team === 1).length > 20);
    assert.ok(events.some((e) => e.type === "decisions"));
    const over = events.find((e) => e.type === "gameOver");
    assert.ok(over && over.type === "gameOver");
    assert.deepEqual(over.score, Array.from(final.scores));

    // The box score over the room matches the scoreboard; the same fold over the events agrees.
    guestRoom.send("boxScore", {});
    await until(() => guestRec.of("boxScore").length > 0, 5_000, "box score");
    const box = guestRec.of<BaseballBoxScore>("boxScore")[0]!;
    assert.deepEqual(box.teams.map((t) => t.R), Array.from(final.scores));
    assert.deepEqual(box.teams.map((t) => t.innings), Array.from(final.teams, (t) => Array.from(t.innings)));
    assert.deepEqual(baseball.summarise(events), box);

    // Replay from the stored log: (options, seed, actions) gives the same final score.
    const ended = hostRec.of<{ matchId: string }>("matchEnded")[0]!;
    const db = serverOf().database.db;
    let match;
    for (let i = 0; i < 100; i++) {
      match = await db.selectFrom("matches").selectAll().where("id", "=", ended.matchId).executeTakeFirst();
      if (match?.status === "finished") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(match);
    const stored = await db.selectFrom("match_events").selectAll().where("match_id", "=", ended.matchId).orderBy("seq").execute();
    const game = baseball.setup({ seed: match.seed, seats: 2, options: { innings: 7, away: "IVM", home: "SHF" } });
    for (const e of stored) if (e.action && e.seat !== null) baseball.apply(game, e.seat, e.action);
    assert.deepEqual(baseball.outcome(game)?.scores, Array.from(final.scores));
    await Promise.all([hostRoom.leave(), guestRoom.leave()]);
  });

  it("vs bot: the bot manages the home team from its view while the human decides; the game ends", async () => {
    const user = await makeUser("Skipper");
    const room = await sdkClient(serverOf().url, user).create("baseball", { mode: "bots", game: { innings: 7, mercy: true } });
    new Recorded(room);
    await until(() => view(room)?.status === "playing", 10_000, "start");
    const stats = { bothDecided: 0, actions: 0 };
    await manage(room, 0, stats);
    assert.ok(stats.actions > 20);
    assert.equal(view(room).status, "finished");
    assert.ok(view(room).seats[1] && (view(room).seats[1] as unknown as { isBot: boolean }).isBot);
    await room.leave();
  });

  it("manual dice are for private tables only; a vs-bot table refuses them", async () => {
    const user = await makeUser("Solo");
    await assert.rejects(sdkClient(serverOf().url, user).create("baseball", { mode: "bots", game: { dice: "manual" } }), /BAD_OPTIONS/);
    await assert.rejects(sdkClient(serverOf().url, user).create("baseball", { mode: "bots", game: { away: "NOPE" } }), /BAD_OPTIONS/);
  });
});
