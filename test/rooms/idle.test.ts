import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { markedTables, pendingChanges, watchForStrayChanges, type StrayChangeWatch } from "../../src/rooms/table/patchSweep.js";
import { RoomTimers, TimerWheel } from "../../src/rooms/table/timers.js";
import { localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("idle tables: one timer wheel, no per-room intervals", function () {
  this.timeout(30_000);

  describe("the timer wheel", () => {
    it("runs timers in deadline order (ties in scheduling order) and never a cleared one", async () => {
      let now = 1_000;
      const wheel = new TimerWheel(() => now);
      const ran: string[] = [];
      wheel.schedule(() => ran.push("c"), 30);
      wheel.schedule(() => ran.push("a"), 10);
      const cleared = wheel.schedule(() => ran.push("x"), 10);
      wheel.schedule(() => ran.push("b"), 10);
      cleared.clear();
      assert.equal(wheel.size, 3);
      now += 30;
      await until(() => ran.length === 3, 2_000, "due timers");
      assert.deepEqual(ran, ["a", "b", "c"]);
      assert.equal(wheel.size, 0);
    });

    it("a throwing callback stops no other timer", async () => {
      const wheel = new TimerWheel();
      const ran: string[] = [];
      const onError = (err: Error) => ran.push(err.message);
      process.prependOnceListener("uncaughtException", onError);
      // mocha listens for uncaught exceptions too: keep only ours for this one throw.
      const mochaListeners = process.listeners("uncaughtException").filter((l) => l !== onError);
      for (const l of mochaListeners) process.removeListener("uncaughtException", l);
      try {
        wheel.schedule(() => {
          throw new Error("boom");
        }, 0);
        wheel.schedule(() => ran.push("after"), 0);
        await until(() => ran.length === 2, 2_000, "both");
      } finally {
        for (const l of mochaListeners) process.on("uncaughtException", l);
      }
      assert.deepEqual(ran.sort(), ["after", "boom"]);
    });

    it("a room's timers move with its time, keep their handles, and are cleared together", async () => {
      const wheel = new TimerWheel();
      const timers = new RoomTimers(wheel);
      const ran: string[] = [];
      const turn = timers.after(() => ran.push("turn"), 30_000);
      const warning = timers.after(() => ran.push("warning"), 20_000);
      timers.after(() => ran.push("linger"), 60_000);
      const start = timers.now();
      timers.advance(25_000);
      assert.ok(timers.now() - start >= 25_000);
      await until(() => ran.length === 1, 2_000, "warning");
      assert.deepEqual(ran, ["warning"]);
      assert.equal(warning.active, false);
      assert.equal(turn.active, true);
      turn.clear();
      timers.advance(10_000);
      await tick();
      assert.deepEqual(ran, ["warning"], "a cleared timer never runs, even after its room time passed");
      assert.equal(timers.pending, 1);
      timers.clearAll();
      assert.equal(timers.pending, 0);
      assert.equal(wheel.size, 0);
    });

    it("a room's timers cleared out of order: the others still run, and after advance in scheduling order", async () => {
      const wheel = new TimerWheel();
      const timers = new RoomTimers(wheel);
      const ran: string[] = [];
      const a = timers.after(() => ran.push("a"), 10_000);
      timers.after(() => ran.push("b"), 10_000);
      timers.after(() => ran.push("c"), 10_000);
      a.clear();
      a.clear();
      timers.after(() => ran.push("d"), 10_000);
      assert.equal(timers.pending, 3);
      timers.advance(10_000);
      await until(() => ran.length === 3, 2_000, "three timers");
      assert.deepEqual(ran, ["b", "c", "d"]);
      assert.equal(timers.pending, 0);
      assert.equal(wheel.size, 0);
    });
  });

  describe("the stray-change sweep", () => {
    /** The encoder internals the watch reads (a class: the watch hooks the root's prototype once). */
    class FakeRoot {
      changes: { next?: unknown } = {};
      enqueueChangeTree(): void {}
    }
    function fakeRoom() {
      return { _serializer: { encoder: { hasChanges: false, root: new FakeRoot() } }, clients: [] as { view?: { changes?: { size: number } } }[] };
    }

    it("marks a table once however often it changes, forgets a stopped one, and re-marks one changed while it is patched", async () => {
      await until(() => markedTables() === 0, 2_000, "no table of another test marked");
      const quiet = fakeRoom();
      const busy = fakeRoom();
      let quietFlushes = 0;
      let busyFlushes = 0;
      let busyWatch: StrayChangeWatch | null = null;
      const quietWatch = watchForStrayChanges(quiet, () => (quietFlushes += 1));
      busyWatch = watchForStrayChanges(busy, () => {
        busyFlushes += 1;
        busy._serializer.encoder.hasChanges = false;
        // Changed again while being patched: marked for the next sweep, not lost.
        if (busyFlushes === 1) {
          busy._serializer.encoder.hasChanges = true;
          busyWatch?.viewsChanged();
        }
      });
      assert.equal(markedTables(), 2, "a new watch sweeps what the state queued");
      quietWatch.viewsChanged();
      quietWatch.viewsChanged();
      busyWatch.viewsChanged();
      assert.equal(markedTables(), 2, "marked once each");
      quietWatch.stop();
      assert.equal(markedTables(), 1, "a stopped table is forgotten");
      quietWatch.viewsChanged();
      assert.equal(markedTables(), 1, "and not marked again");
      busy._serializer.encoder.hasChanges = true;
      await until(() => busyFlushes === 2, 2_000, "two sweeps");
      await until(() => markedTables() === 0, 2_000, "nothing left marked");
      assert.equal(busyFlushes, 2);
      assert.equal(quietFlushes, 0, "a stopped table is not patched");
      busyWatch.stop();
    });
  });

  describe("a real table", () => {
    const serverOf = useServer({ BOT_DELAY_MS: "0", TURN_TIMEOUT_S: "600" });

    it("has no patch interval, is not polled while quiet, and a change made outside commit() still reaches the clients", async () => {
      const user = await makeUser("Idler");
      const room: Room = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
      const state = () => room.state as unknown as { status: string; spectators: number };
      await until(() => state()?.status === "playing", 10_000, "start");
      const table = localRoom<{ patchRate: number | null; state: { spectators: number } }>(room.roomId);
      assert.equal(table.patchRate, null);
      await until(() => !pendingChanges(table) && markedTables() === 0, 2_000, "nothing pending, nothing marked");
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.equal(markedTables(), 0, "a quiet table is not looked at");
      table.state.spectators += 7;
      assert.equal(pendingChanges(table), true);
      assert.equal(markedTables(), 1, "the change marked the table for the sweep");
      await until(() => state().spectators === 7, 2_000, "the sweep patched the stray change");
      assert.equal(pendingChanges(table), false);
      await room.leave();
    });
  });
});
