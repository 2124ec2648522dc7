import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, capturingLogger, localRoom, makeUser, sdkClient, until, useServer, type TestUser } from "../helpers/tables.js";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A matchmaking request as a script would send it: HTTP only, no WebSocket afterwards. */
async function matchmake(url: string, user: TestUser, method: string, room: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/matchmake/${method}/${room}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("one user cannot take the server's capacity (item 11)", function () {
  this.timeout(60_000);
  const serverOf = useServer({ MAX_ROOMS: "10", TABLE_RATE_LIMIT_PER_MIN: "100", BOT_FILL_WAIT_S: "600" });

  it("80 quick-match reservations at once without a WebSocket: one is granted, it lapses in 10 s, others still play", async () => {
    const attacker = await makeUser("Hoarder", { guest: true });
    const answers = await Promise.all(Array.from({ length: 80 }, () => matchmake(serverOf().url, attacker, "joinOrCreate", "baloot", { mode: "quick" })));
    const granted = answers.filter((a) => a.status === 200);
    assert.equal(granted.length, 1, "a single reservation at a time");
    assert.ok(answers.filter((a) => a.status !== 200).every((a) => a.status === 429 && String(a.body.error).startsWith("TABLE_LIMIT: ")));
    const roomId = String(granted[0]!.body.roomId);
    assert.equal(localRoom<{ seatReservationTimeout: number }>(roomId).seatReservationTimeout, 10, "reservations expire within 10 s");

    // Everyone else can still create tables.
    const other = await sdkClient(serverOf().url, await makeUser("Honest")).create("baloot", { mode: "bots" });
    new Recorded(other);
    await other.leave();

    // The unused reservation lapses; the empty table closes; he may try again.
    await until(
      () => {
        try {
          localRoom(roomId);
          return false;
        } catch {
          return true;
        }
      },
      15_000,
      "the unused table closes",
    );
    const retry = await matchmake(serverOf().url, attacker, "joinOrCreate", "baloot", { mode: "quick" });
    assert.equal(retry.status, 200);
  });

  it("at most 2 tables per user across modes; leaving one frees a place; coming back to one held is fine", async () => {
    const user = await makeUser("Busy");
    const first = await sdkClient(serverOf().url, user).create("baloot", { mode: "private" });
    new Recorded(first);
    const second = await sdkClient(serverOf().url, user).joinOrCreate("baloot", { mode: "quick" });
    new Recorded(second);
    await pause(50);
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots" }), (err: Error & { code?: number }) => {
      assert.match(err.message, /^TABLE_LIMIT: you already hold 2 tables/);
      assert.equal(err.code, 429);
      return true;
    });
    // A second device joining a table he holds is not a new table.
    const again = await sdkClient(serverOf().url, user).joinById(first.roomId);
    new Recorded(again);
    await first.leave().catch(() => {});
    await again.leave();
    // The server handles the leave after the socket closes.
    await pause(100);
    const third = await sdkClient(serverOf().url, user).create("baloot", { mode: "bots" });
    new Recorded(third);
    await Promise.all([second.leave(), third.leave()]);
  });

});

describe("reserved capacity (item 11)", function () {
  this.timeout(60_000);
  const serverOf = useServer({ MAX_ROOMS: "10", TABLE_RATE_LIMIT_PER_MIN: "100" });

  it("the last 10% of MAX_ROOMS are kept for users holding no table", async () => {
    const rooms: Room[] = [];
    try {
      // 9 of 10 tables, the ninth opened by a user who then holds one.
      for (let i = 0; i < 4; i++) {
        const u = await makeUser(`Owner${i}`);
        for (let k = 0; k < 2; k++) rooms.push(await sdkClient(serverOf().url, u).create("baloot", { mode: "private" }));
      }
      const ninth = await makeUser("Ninth");
      rooms.push(await sdkClient(serverOf().url, ninth).create("baloot", { mode: "private" }));
      rooms.forEach((r) => new Recorded(r));
      await pause(50);
      await assert.rejects(sdkClient(serverOf().url, ninth).create("baloot", { mode: "private" }), /ROOM_LIMIT: this server keeps its last 1 tables for players without a table/);
      const newcomer = await sdkClient(serverOf().url, await makeUser("Newcomer")).create("baloot", { mode: "private" });
      new Recorded(newcomer);
      rooms.push(newcomer);
    } finally {
      await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
    }
  });
});

describe("refused table creations (item 20)", function () {
  this.timeout(30_000);
  const logs = capturingLogger("debug");
  const serverOf = useServer({ MAX_ROOMS: "1" }, { logger: logs.logger });

  it("BAD_OPTIONS names each option and why on one line; ROOM_LIMIT is clear; neither logs an uncaught error", async () => {
    const user = await makeUser("Picky");
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { profile: "HOUSE_RULES", targetScore: "x" } }), (err: Error) => {
      assert.match(err.message, /^BAD_OPTIONS: game\.profile: .+; game\.targetScore: .+$/);
      assert.ok(!err.message.includes("\n"), "one line");
      return true;
    });
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "solo" }), (err: Error) => {
      assert.match(err.message, /^BAD_OPTIONS: mode: /);
      assert.ok(!err.message.includes("\n"));
      return true;
    });
    await assert.rejects(sdkClient(serverOf().url, user).create("baloot", { mode: "bots", game: { colour: "red" } }), /^Error: BAD_OPTIONS: game: .*colour|BAD_OPTIONS: game: .*colour/);

    // Matchmaking errors answer { code: <HTTP status>, error: "CODE: message" } (docs/PROTOCOL.md).
    const raw = await matchmake(serverOf().url, user, "create", "baloot", { mode: "bots", game: { profile: "HOUSE_RULES" } });
    assert.equal(raw.status, 400);
    assert.equal(raw.body.code, 400);
    assert.match(String(raw.body.error), /^BAD_OPTIONS: game\.profile: /);

    const holder = await sdkClient(serverOf().url, await makeUser("Holder")).create("baloot", { mode: "private" });
    new Recorded(holder);
    await assert.rejects(sdkClient(serverOf().url, await makeUser("Late")).create("baloot", { mode: "private" }), /ROOM_LIMIT: this server is at its limit of 1 tables/);
    await holder.leave();
    await pause(200);
    const errors = logs.lines.filter((l) => Number(l.level) >= 50 || String(l.msg).includes("uncaught") || JSON.stringify(l).includes("joinCode"));
    assert.deepEqual(errors, []);
  });
});
