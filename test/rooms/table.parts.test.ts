import assert from "node:assert/strict";
import type { Delayed } from "@colyseus/core";
import { ArraySchema } from "@colyseus/schema";
import { pack } from "msgpackr";
import { SeatState } from "../../src/schema/TableState.js";
import { TurnClock } from "../../src/rooms/table/clock.js";
import { Inbox, RATE_WINDOW_MS } from "../../src/rooms/table/inbox.js";
import { MatchLog } from "../../src/rooms/table/log.js";
import { ViewSync } from "../../src/rooms/table/sync.js";
import { frameFault } from "../../src/rooms/table/frames.js";
import { actionMessage } from "../../src/rooms/protocol.js";

/** A hand-driven clock for the clock part. */
class FakeTime {
  now = 0;
  private timers: { at: number; fn: () => void; cleared: boolean }[] = [];
  timer = (fn: () => void, ms: number): Delayed => {
    const t = { at: this.now + ms, fn, cleared: false };
    this.timers.push(t);
    return { clear: () => (t.cleared = true) } as unknown as Delayed;
  };
  advance(ms: number): void {
    this.now += ms;
    for (const t of this.timers.filter((x) => !x.cleared && x.at <= this.now)) {
      t.cleared = true;
      t.fn();
    }
  }
}

describe("table parts", () => {
  describe("clock", () => {
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

    it("warns, expires and publishes the earliest deadline", () => {
      const { time, seen, c, deadline } = clock();
      c.start(0);
      c.start(2, 20_000);
      assert.equal(deadline(), 20_000);
      time.advance(10_000);
      time.advance(10_000);
      assert.equal(deadline(), 30_000, "then seat 0's");
      time.advance(10_000);
      assert.deepEqual([...seen].sort(), ["expired 0 @30000", "expired 2 @20000", "warn 0 @20000", "warn 2 @10000"]);
    });

    it("pause keeps each seat's remaining time; resume restarts with it", () => {
      const { time, seen, c, deadline } = clock();
      c.start(1);
      time.advance(25_000);
      c.pause();
      assert.equal(deadline(), 0);
      time.advance(60_000);
      assert.deepEqual(seen, ["warn 1 @25000"], "nothing expires while paused");
      c.resume();
      assert.equal(deadline(), time.now + 5_000);
      time.advance(5_000);
      assert.equal(seen.at(-1), `expired 1 @${time.now}`);
    });

    it("extend gives at least the asked time; clear stops everything", () => {
      const { time, seen, c, deadline } = clock();
      c.start(0);
      time.advance(28_000);
      c.extend(0, 10_000);
      assert.equal(deadline(), time.now + 10_000);
      c.clear();
      time.advance(60_000);
      assert.ok(!seen.some((s) => s.startsWith("expired")));
    });

    it("a restarted seat's old timer never fires; remaining() lists running seats in start order", () => {
      const { time, seen, c, deadline } = clock();
      c.start(3);
      c.start(1, 15_000);
      c.start(2);
      time.advance(5_000);
      time.advance(10_000);
      assert.deepEqual(seen, ["warn 1 @5000", "expired 1 @15000"]);
      assert.deepEqual([...c.remaining()], [[3, 15_000], [2, 15_000]], "the expired seat is dropped, the others keep their order");
      c.start(1);
      c.start(3, 20_000);
      assert.deepEqual([...c.remaining().keys()], [3, 2, 1], "a restarted seat keeps its place; a new one goes last");
      assert.equal(deadline(), time.now + 15_000);
      // Turn after turn on the same seat (the clock objects are reused): only the last turn's timers run.
      for (let turn = 0; turn < 5; turn++) {
        c.clear();
        c.start(0);
        time.advance(15_000);
      }
      assert.deepEqual([...c.remaining()], [[0, 15_000]]);
      assert.equal(seen.length, 2, "no warning from a cleared turn");
      time.advance(5_000);
      time.advance(10_000);
      assert.deepEqual(seen.slice(2), [`warn 0 @${time.now - 10_000}`, `expired 0 @${time.now}`]);
      assert.equal(c.deadlineOf(0), undefined);
      assert.equal(deadline(), 0);
    });
  });

  describe("inbox", () => {
    it("counts messages in real time: 20 in any second pass, the 21st within that second does not", () => {
      let now = 0;
      const inbox = new Inbox(20, () => now);
      const client = {};
      for (let i = 0; i < 20; i++) {
        assert.equal(inbox.admit(client), true);
        now += 10;
      }
      assert.equal(inbox.admit(client), false);
      now = RATE_WINDOW_MS; // the first message is now a second old
      assert.equal(inbox.admit(client), true);
      // An even 18 per second never trips it.
      const steady = {};
      for (let i = 0; i < 200; i++) {
        assert.equal(inbox.admit(steady), true);
        now += 1000 / 18;
      }
    });

    it("an accepted id is remembered for the match; refused ids only for the last 256", () => {
      const inbox = new Inbox(20);
      inbox.remember(0, { id: "a", ok: true, seq: 3 });
      for (let i = 0; i < 300; i++) inbox.remember(0, { id: `r${i}`, ok: false, error: { code: "NOT_YOUR_TURN", message: "" } });
      assert.deepEqual(inbox.answered(0, "a"), { id: "a", ok: true, seq: 3 });
      assert.equal(inbox.answered(0, "r0"), undefined);
      assert.equal(inbox.answered(0, "r299")?.ok, false);
      assert.equal(inbox.answered(1, "a"), undefined, "per seat");
    });

    it("malformed actions: an ack only when the id is usable", () => {
      const inbox = new Inbox(20);
      assert.deepEqual(inbox.parseAction({ id: "x".repeat(65), action: {} }).ok, false);
      const tooLong = inbox.parseAction({ id: "x".repeat(65), action: {} });
      assert.equal(tooLong.ok === false && tooLong.id, null);
      const noAction = inbox.parseAction({ id: "ok", seat: "one" });
      assert.equal(noAction.ok === false && noAction.id, "ok");
      assert.equal(inbox.parseAction({ action: {} }).ok, false);
    });

    it("accepts exactly what the protocol's actionMessage schema accepts, with the same fields (the fast path skips zod)", () => {
      const inbox = new Inbox(20);
      const cases: unknown[] = [
        { id: "a", action: { type: "play", card: "7S" } },
        { id: "a" },
        { id: "", action: 1 },
        { id: "x".repeat(64), action: null },
        { id: "x".repeat(65), action: {} },
        ...[0, 15, 16, -1, 1.5, NaN, Infinity, "1", null, undefined].map((seat) => ({ id: "a", action: {}, seat })),
        { id: "a", action: undefined, extra: 1 },
        Object.assign(Object.create(null) as object, { id: "q", action: [1] }),
        { id: 1, action: {} },
        [],
        null,
        undefined,
        7,
        "action",
        new Map([["id", "a"]]),
      ];
      for (const message of cases) {
        const schema = actionMessage.safeParse(message);
        const parsed = inbox.parseAction(message);
        assert.equal(parsed.ok, schema.success, JSON.stringify(message));
        if (parsed.ok && schema.success) assert.deepEqual([parsed.id, parsed.action, parsed.seat], [schema.data.id, schema.data.action, schema.data.seat]);
      }
    });
  });

  describe("log", () => {
    it("reports entries in flight in the journal until the latest append is durable (acks wait for it)", async () => {
      const log = new MatchLog<{ type: string }>();
      const pending: (() => void)[] = [];
      log.attach({ append: () => new Promise<void>((resolve) => pending.push(resolve)) } as never);
      assert.equal(log.whenDurable(), null, "nothing appended yet");
      log.append(0, "player", { type: "bid" }, []);
      log.append(1, "player", { type: "bid" }, []);
      const durable = log.whenDurable();
      assert.ok(durable, "two appends in flight");
      let done = false;
      void durable.then(() => (done = true));
      pending[0]!();
      await new Promise((r) => setImmediate(r));
      assert.equal(done, false, "the latest append is still in flight");
      pending[1]!();
      await durable;
      assert.equal(log.whenDurable(), null, "all durable");
    });

    it("numbers entries, hands each to the recorder once, and answers catch-up by visibility", () => {
      const log = new MatchLog<{ type: string; to?: number }>();
      const handed: number[] = [];
      log.attach({ append: (e: { seq: number }) => void handed.push(e.seq) } as never);
      log.append(null, "room", null, [{ type: "dealt", to: 0 }, { type: "dealt", to: 1 }], [{ type: "dealt", to: 0 }, { type: "dealt", to: 1 }]);
      log.append(1, "room", null, [{ type: "botTakeover", room: true }]);
      log.append(0, "player", { type: "bid" }, [{ type: "bid" }], [{ type: "bid" }]);
      assert.equal(log.seq, 3);
      assert.deepEqual(handed, [1, 2, 3]);
      const mine = log.catchUp(0, (e) => e.to === undefined || e.to === 0);
      assert.deepEqual(mine, [
        { seq: 1, events: [{ type: "dealt", to: 0 }] },
        { seq: 3, events: [{ type: "bid" }] },
      ]);
      assert.deepEqual(log.catchUp(1, () => true), [{ seq: 3, events: [{ type: "bid" }] }]);
      assert.equal(log.events.length, 3);
      log.release();
      assert.equal(log.events.length, 0);
    });
  });

  describe("sync", () => {
    it("copies each private seat's current view (writes are change-detected by the mapping); nothing after release", () => {
      const seats = new ArraySchema<SeatState>(new SeatState(), new SeatState());
      const views: Record<string, { cards: number[] }> = { pub: { cards: [2, 2] }, 0: { cards: [2, 2] }, 1: { cards: [2, 1] } };
      const copied: [number, number[]][] = [];
      const sync = new ViewSync<{ cards: number[] }>(
        {
          view: (seat) => views[seat === null ? "pub" : String(seat)] as { cards: number[] },
          syncPublic: () => {},
          syncPrivate: (seat, view) => copied.push([seats.indexOf(seat), view?.cards ?? []]),
          handCount: (v, seat) => v.cards[seat] ?? 0,
        },
        seats,
      );
      sync.apply(() => true, []);
      assert.deepEqual(copied, [[0, [2, 2]], [1, [2, 1]]]);
      assert.deepEqual([seats[0]?.handCount, seats[1]?.handCount], [2, 2], "hand counts from the public view");
      views.pub = { cards: [2, 1] };
      copied.length = 0;
      sync.apply((seat) => seat === 1, []);
      assert.deepEqual(copied, [[1, [2, 1]]], "only seats with an owner get their private view");
      assert.equal(seats[1]?.handCount, 1);
      sync.release();
      copied.length = 0;
      views.pub = { cards: [0, 0] };
      sync.apply(() => true, []);
      assert.deepEqual(copied, [], "a released sync copies nothing");
      assert.equal(seats[1]?.handCount, 1);
    });

    it("after an action rebuilds only the private views it can have changed: actor, seats to act before and after, and what the mapping names", () => {
      const seats = new ArraySchema<SeatState>(new SeatState(), new SeatState(), new SeatState(), new SeatState());
      const rebuilt: number[] = [];
      const asked: [number, readonly unknown[]][] = [];
      const sync = new ViewSync<{ cards: number[] }>(
        {
          view: () => ({ cards: [1, 1, 1, 1] }),
          syncPublic: () => {},
          syncPrivate: (seat) => rebuilt.push(seats.indexOf(seat)),
          handCount: (v, seat) => v.cards[seat] ?? 0,
          privateMayChange: (seat, events) => {
            asked.push([seat, events]);
            return events.includes(`deal${seat}`);
          },
        },
        seats,
      );
      sync.apply(() => true, [1]);
      assert.deepEqual(rebuilt, [0, 1, 2, 3], "without a change (start, resume) every seat");
      rebuilt.length = 0;
      sync.apply(() => true, [2], { actor: 1, events: ["play"] });
      assert.deepEqual(rebuilt, [1, 2], "the actor (and seat to act before) and the seat to act now");
      assert.deepEqual(asked, [[0, ["play"]], [3, ["play"]]], "the mapping is asked about the others only");
      rebuilt.length = 0;
      sync.apply(() => true, [3], { actor: 2, events: ["deal0"] });
      assert.deepEqual(rebuilt, [0, 2, 3], "a seat the mapping names (a deal to it)");
      rebuilt.length = 0;
      sync.apply((seat) => seat !== 0, [0], { actor: 3, events: ["deal0"] });
      assert.deepEqual(rebuilt, [3], "never a seat without an owner");
    });
  });

  describe("frames", () => {
    const type = (name: string) => [0xa0 | name.length, ...Buffer.from(name)];
    it("passes what Colyseus can decode, refuses the rest with a reason", () => {
      assert.equal(frameFault(new Uint8Array([13, ...type("action"), ...pack({ id: "a", action: { type: "bid" } })])), null);
      assert.equal(frameFault(new Uint8Array([13, ...type("boxScore")])), null);
      assert.equal(frameFault(new Uint8Array([10])), null, "other protocol codes are left to Colyseus");
      assert.equal(frameFault(new Uint8Array([])), "empty frame");
      assert.equal(frameFault(new Uint8Array([13, ...type("action"), 0xc1, 0xc1])), "undecodable payload");
      assert.equal(frameFault(new Uint8Array([13, ...type("action"), 0xd4, 0x7f, 0x01])), "undecodable payload");
      assert.ok(frameFault(new Uint8Array([13, 0xd9])), "a truncated envelope");
    });
  });
});
