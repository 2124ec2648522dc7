import assert from "node:assert/strict";
import { TableState } from "../../src/schema/TableState.js";
import { TurnClock } from "../../src/rooms/table/clock.js";
import { IdleWatch } from "../../src/rooms/table/idle.js";
import { PAUSE_REQUEST_INTERVAL_MS, PauseBook, parsePauseSnapshot } from "../../src/rooms/table/pause.js";
import type { Timer } from "../../src/rooms/table/timers.js";

/** A hand-driven time source with timers (fires due timers in order on `advance`). */
class FakeTime {
  now = 0;
  private timers: { at: number; fn: () => void; active: boolean }[] = [];
  timer = (fn: () => void, ms: number): Timer => {
    const t = { at: this.now + ms, fn, active: true };
    this.timers.push(t);
    return {
      clear: () => void (t.active = false),
      get active() {
        return t.active;
      },
    };
  };
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.active && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      next.active = false;
      next.fn();
    }
    this.now = end;
  }
  get pending(): number {
    return this.timers.filter((t) => t.active).length;
  }
}

describe("pause parts", () => {
  describe("turn clock: pause and resume", () => {
    function clock() {
      const time = new FakeTime();
      const seen: string[] = [];
      let deadline = -1;
      const c = new TurnClock(
        {
          timer: time.timer,
          now: () => time.now,
          onWarning: (seat) => seen.push(`warn ${seat} @${time.now}`),
          onExpired: (seat) => seen.push(`expired ${seat} @${time.now}`),
          onDeadline: (d) => (deadline = d),
        },
        30_000,
        10_000,
      );
      return { time, seen, c, deadline: () => deadline };
    }

    it("keeps every seat's remaining time (several seats), reports it, and restarts each with its own", () => {
      const { time, seen, c, deadline } = clock();
      c.start(0);
      time.advance(5_000);
      c.start(2);
      time.advance(10_000);
      assert.deepEqual([...c.remaining()].sort(), [[0, 15_000], [2, 20_000]]);
      c.pause();
      assert.equal(c.isPaused, true);
      assert.equal(deadline(), 0, "no deadline is published while paused");
      time.advance(600_000);
      assert.deepEqual([...c.remaining()].sort(), [[0, 15_000], [2, 20_000]], "frozen");
      assert.ok(!seen.some((s) => s.startsWith("expired")), "nothing expires while paused");
      c.resume();
      assert.equal(deadline(), time.now + 15_000);
      time.advance(15_000);
      assert.equal(seen.filter((s) => s.startsWith("expired")).join(), `expired 0 @${time.now}`);
      time.advance(5_000);
      assert.ok(seen.includes(`expired 2 @${time.now}`));
    });

    it("a clock started while paused waits frozen with its time; extend while paused tops it up", () => {
      const { time, seen, c, deadline } = clock();
      c.pause();
      c.start(1, 8_000);
      c.extend(1, 12_000);
      time.advance(60_000);
      assert.equal(deadline(), 0);
      assert.deepEqual([...c.remaining()], [[1, 12_000]]);
      c.resume();
      time.advance(12_000);
      assert.deepEqual(seen.filter((s) => s.startsWith("expired")), [`expired 1 @${time.now}`]);
    });

    it("holds the pending bot run while paused and runs it (full delay) after resume", () => {
      const { time, c } = clock();
      let runs = 0;
      c.scheduleBots(1_000, () => runs++);
      time.advance(500);
      c.pause();
      time.advance(10_000);
      assert.equal(runs, 0, "bots stop while paused");
      c.scheduleBots(1_000, () => runs++);
      c.resume();
      time.advance(999);
      assert.equal(runs, 0);
      time.advance(1);
      assert.equal(runs, 1, "one run, not two");
      c.pause();
      c.scheduleBots(1_000, () => runs++);
      c.clear();
      c.resume();
      time.advance(5_000);
      assert.equal(runs, 1, "clear drops the held run");
    });
  });

  describe("pause book", () => {
    function book(mode: { hasHost: boolean; owner: string | null }) {
      const state = new TableState();
      let now = 1_000_000;
      const b = new PauseBook({ state, hasHost: mode.hasHost, owners: () => (mode.owner ? [mode.owner] : []), now: () => now });
      return { state, b, tick: (ms: number) => (now += ms) };
    }
    const host = { userId: "host", admin: false, seat: 0 };
    const player = { userId: "p2", admin: false, seat: 2 };
    const admin = { userId: "root", admin: true, seat: -1 };

    it("only the owner or an admin pauses a started table; the state shows who and why", () => {
      const { state, b } = book({ hasHost: true, owner: "host" });
      assert.equal(b.checkPause(host, "NOT_HOST")?.code, "NOT_STARTED");
      state.status = "playing";
      assert.equal(b.checkPause(player, "NOT_HOST")?.code, "NOT_HOST");
      assert.equal(b.checkPause(player, "NOT_OWNER")?.code, "NOT_OWNER");
      assert.equal(b.checkResume(host, "NOT_HOST")?.code, "NOT_PAUSED");
      assert.equal(b.checkPause(host, "NOT_HOST"), null);
      assert.equal(b.checkPause(admin, "NOT_OWNER"), null);
      b.pause("manual", { seat: 0, userId: "host" });
      assert.equal(state.status, "paused");
      assert.equal(state.pausedBy, 0);
      assert.equal(state.pauseReason, "manual");
      assert.ok(Math.abs(state.pausedAt - Date.now()) < 1_000);
      assert.equal(b.checkPause(host, "NOT_HOST")?.code, "ALREADY_PAUSED");
      assert.equal(b.checkResume(player, "NOT_HOST")?.code, "NOT_HOST", "a player cannot resume");
      assert.equal(b.checkResume(admin, "NOT_OWNER"), null);
      assert.ok(b.resume() >= 0);
      assert.equal(state.status, "playing");
      assert.equal(state.pausedBy, -1);
      assert.equal(state.pauseReason, "");
      assert.equal(state.pausedAt, 0);
      state.status = "finished";
      assert.equal(b.checkPause(admin, "NOT_OWNER")?.code, "GAME_ENDED");
    });

    it("a table without an owner (quick match) is paused by admins only", () => {
      const { state, b } = book({ hasHost: false, owner: null });
      state.status = "playing";
      assert.equal(b.checkPause({ userId: "x", admin: false, seat: 1 }, "NOT_OWNER")?.code, "NOT_OWNER");
      assert.equal(b.checkPause(admin, "NOT_OWNER"), null);
    });

    it("pause requests: private tables only, players other than the host, once per interval; a pause clears them", () => {
      const { state, b, tick } = book({ hasHost: true, owner: "host" });
      state.status = "playing";
      assert.equal(b.request({ userId: "s", admin: false, seat: -1 })?.code, "NOT_SEATED");
      assert.equal(b.request(host)?.code, "NOT_HOST", "the host pauses directly");
      assert.equal(b.request(player), null);
      assert.deepEqual(b.openRequests(), [2]);
      assert.equal(b.request(player)?.code, "ALREADY_REQUESTED");
      tick(PAUSE_REQUEST_INTERVAL_MS);
      assert.deepEqual(b.openRequests(), []);
      assert.equal(b.request(player), null, "allowed again after the interval");
      b.pause("manual", { seat: 0, userId: "host" });
      assert.deepEqual(b.openRequests(), []);
      assert.equal(b.request(player)?.code, "ALREADY_PAUSED");
      const { state: s2, b: vsBots } = book({ hasHost: false, owner: "me" });
      s2.status = "playing";
      assert.equal(vsBots.request({ userId: "me", admin: false, seat: 0 })?.code, "NOT_HOST", "no requests without a host");
    });

    it("a stored pause is restored as it was; bad stored data is refused", () => {
      const { state, b } = book({ hasHost: true, owner: "host" });
      state.status = "playing";
      const snap = b.pause("idle", { seat: -1, userId: null });
      const copy = parsePauseSnapshot(JSON.parse(JSON.stringify(snap)));
      assert.deepEqual(copy, snap);
      const { state: s2, b: b2 } = book({ hasHost: true, owner: "host" });
      b2.restore(copy!);
      assert.equal(s2.status, "paused");
      assert.equal(s2.pauseReason, "idle");
      assert.equal(s2.pausedBy, -1);
      assert.equal(s2.pausedAt, snap.at);
      assert.equal(parsePauseSnapshot({ reason: "nap", bySeat: 0, byUserId: null, at: 1 }), null);
      assert.equal(parsePauseSnapshot({ reason: "idle", bySeat: "0", byUserId: null, at: 1 }), null);
      assert.equal(parsePauseSnapshot(null), null);
    });
  });

  describe("idle watch", () => {
    function watch(idleMs = 300_000) {
      const time = new FakeTime();
      const seen: string[] = [];
      let busy = false;
      const w = new IdleWatch(
        {
          timer: time.timer,
          now: () => time.now,
          busy: () => busy,
          onWarning: (deadline) => seen.push(`warn ${deadline} @${time.now}`),
          onIdle: () => seen.push(`idle @${time.now}`),
        },
        idleMs,
      );
      return { time, seen, w, setBusy: (b: boolean) => (busy = b) };
    }

    it("warns 60 s before the deadline, then goes idle", () => {
      const { time, seen, w } = watch();
      w.start();
      time.advance(239_999);
      assert.deepEqual(seen, []);
      time.advance(1);
      assert.deepEqual(seen, ["warn 300000 @240000"]);
      assert.equal(w.warning, 300_000);
      time.advance(60_000);
      assert.deepEqual(seen, ["warn 300000 @240000", "idle @300000"]);
      assert.equal(w.active, false);
      assert.equal(time.pending, 0, "no timer left");
    });

    it("human activity moves the period (one timer, not one per action) and withdraws a warning", () => {
      const { time, seen, w } = watch();
      w.start();
      for (let i = 0; i < 100; i++) {
        time.advance(1_000);
        w.activity();
      }
      assert.equal(time.pending, 1);
      time.advance(240_000);
      assert.deepEqual(seen, ["warn 400000 @340000"]);
      time.advance(30_000);
      w.activity();
      assert.deepEqual(seen.at(-1), "warn 0 @370000", "withdrawn");
      time.advance(239_999);
      assert.equal(seen.length, 2);
      time.advance(1);
      assert.equal(seen.at(-1), "warn 670000 @610000");
      time.advance(60_000);
      assert.equal(seen.at(-1), "idle @670000");
    });

    it("a connected human on the clock keeps the table (the turn clock deals with him)", () => {
      const { time, seen, w, setBusy } = watch();
      w.start();
      setBusy(true);
      time.advance(1_000_000);
      assert.equal(seen.length, 0);
      setBusy(false);
      time.advance(300_000);
      assert.deepEqual(seen.map((s) => s.split(" ")[0]), ["warn", "idle"]);
    });

    it("on the clock after a warning: the warning is withdrawn", () => {
      const { time, seen, w, setBusy } = watch();
      w.start();
      time.advance(240_000);
      setBusy(true);
      time.advance(60_000);
      assert.deepEqual(seen, ["warn 300000 @240000", "warn 0 @300000"]);
    });

    it("short idle times warn at half the period; 0 turns the rule off; stop cancels", () => {
      const short = watch(4_000);
      short.w.start();
      short.time.advance(2_000);
      assert.deepEqual(short.seen, ["warn 4000 @2000"]);
      short.w.stop();
      short.time.advance(10_000);
      assert.deepEqual(short.seen, ["warn 4000 @2000"]);
      const off = watch(0);
      off.w.start();
      off.time.advance(10_000_000);
      assert.deepEqual(off.seen, []);
      assert.equal(off.time.pending, 0);
    });
  });
});
