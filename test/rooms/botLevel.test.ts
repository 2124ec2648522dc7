import assert from "node:assert/strict";
import type { BotLevel } from "../../src/games/core/GameDefinition.js";
import { ConfigError, loadConfig } from "../../src/platform/config.js";
import { Recorded, act, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  seq: number;
  toAct: number;
  seats: { legalActions: string[] }[];
}
/** The room's bot policy, reached in-process (protected members). */
interface BotPolicy {
  botLevel: BotLevel;
  botLevelFor(seat: number, takenOver: boolean): BotLevel;
}

describe("table option botLevel and BOT_LEVEL", function () {
  this.timeout(120_000);
  const serverOf = useServer({ BOT_DELAY_MS: "0", BOT_FILL_WAIT_S: "600", BOT_LEVEL: "basic" });

  it("BOT_LEVEL defaults to basic, accepts strong and refuses anything else", () => {
    assert.equal(loadConfig({}).botLevel, "basic");
    assert.equal(loadConfig({ BOT_LEVEL: "strong" }).botLevel, "strong");
    assert.throws(() => loadConfig({ BOT_LEVEL: "mega" }), (err: unknown) => err instanceof ConfigError && err.issues.some((i) => i.variable === "BOT_LEVEL"));
  });

  it("refuses a botLevel that is not basic or strong", async () => {
    const user = await makeUser("Picky");
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots", botLevel: "mega" }), /BAD_OPTIONS/);
  });

  it("a vs-bots table with botLevel strong plays a whole match with search bots", async () => {
    const user = await makeUser("Challenger");
    const room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots", botLevel: "strong", game: { targetScore: 1 } });
    const rec = new Recorded(room);
    const policy = localRoom<BotPolicy>(room.roomId);
    assert.equal(policy.botLevel, "strong");
    assert.equal(policy.botLevelFor(1, false), "strong");
    const state = () => room.state as unknown as TableView;
    await until(() => state()?.status === "playing", 10_000, "match start");
    assert.equal((room.state as unknown as { botLevel: string }).botLevel, "strong", "clients see the level");
    while (state().status !== "finished") {
      const mine = state().seats[0];
      if (state().toAct === 0 && mine && mine.legalActions.length > 0) {
        const seqBefore = state().seq;
        await new Promise((r) => setTimeout(r, 60));
        const ack = await act(rec, JSON.parse(mine.legalActions[0] as string));
        assert.equal(ack.ok, true, JSON.stringify(ack));
        await until(() => state().seq > seqBefore || state().status === "finished", 10_000, "state update");
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    assert.ok(rec.of("matchEnded").length === 1);
    await room.leave();
  });

  it("quick tables ignore botLevel and use BOT_LEVEL; ranked tables give a taken-over seat to the strong bot", async () => {
    const user = await makeUser("Quick");
    const quick = await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick", botLevel: "strong" });
    quick.onMessage("*", () => {});
    const q = localRoom<BotPolicy>(quick.roomId);
    assert.equal(q.botLevel, "basic");
    await until(() => (quick.state as unknown as { botLevel?: string })?.botLevel === "basic", 5_000, "public bot level");
    assert.equal(q.botLevelFor(1, true), "basic", "casual takeover: the table's level");
    await quick.leave();

    const ranked = await sdkClient(serverOf().url, await makeUser("Ranked")).joinOrCreate("baloot_ranked");
    ranked.onMessage("*", () => {});
    const r = localRoom<BotPolicy>(ranked.roomId);
    assert.equal(r.botLevelFor(2, true), "strong");
    assert.equal(r.botLevelFor(2, false), "basic", "a bot seated from the start plays at BOT_LEVEL");
    await ranked.leave();
  });
});
