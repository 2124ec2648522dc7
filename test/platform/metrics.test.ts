import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Room } from "@colyseus/sdk";
import { Recorded, localRoom, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface DuelView {
  status: string;
  activeSeats: number[];
}

/** Cut a client's socket from the server side, as a network failure would. */
function dropConnection(roomId: string, sessionId: string): void {
  const room = localRoom<{ clients: { getById(id: string): { ref: unknown } | undefined } }>(roomId);
  (room.clients.getById(sessionId)?.ref as { terminate(): void }).terminate();
}

/** The value of one series in Prometheus text (0 when absent): every given label must match. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).startsWith("{") ? line.slice(name.length + 1, line.indexOf("}")) : "";
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

describe("metrics: API latency by route, database throughput, table lifecycle", function () {
  this.timeout(90_000);
  const serverOf = useServer({ BOT_DELAY_MS: "20" });
  const scrape = async () => {
    const res = await fetch(`${serverOf().url}/metrics`);
    assert.equal(res.status, 200);
    return res.text();
  };

  it("API latency is labelled with the route pattern, never the raw path", async () => {
    const user = await makeUser("Latency");
    const id = randomUUID();
    const res = await fetch(`${serverOf().url}/matches/${id}`, { headers: { authorization: `Bearer ${user.token}` } });
    assert.equal(res.status, 404);
    const text = await scrape();
    assert.ok(sample(text, "diwan_http_request_duration_seconds_count", { method: "GET", route: "/matches/:id", status: "404" }) >= 1);
    assert.ok(!text.includes(id), "the match id never becomes a label");
  });

  it("database: statements by operation and result, their durations, connection waits, the waiting gauge", async () => {
    const before = await scrape();
    const res = await fetch(`${serverOf().url}/auth/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    assert.equal(res.status, 201);
    const after = await scrape();
    const inserts = (t: string) => sample(t, "diwan_db_queries_total", { operation: "insert", result: "ok" });
    assert.ok(inserts(after) > inserts(before), "the guest insert is counted");
    assert.ok(sample(after, "diwan_db_query_duration_seconds_count", { operation: "insert" }) > sample(before, "diwan_db_query_duration_seconds_count", { operation: "insert" }));
    assert.ok(sample(after, "diwan_db_acquire_wait_seconds_count") > sample(before, "diwan_db_acquire_wait_seconds_count"));
    assert.match(after, /^diwan_db_pool_waiting\{[^}]*\} 0$/m, "nobody is waiting once the requests are answered");
  });

  it("a failed statement is counted as an error", async () => {
    const before = sample(await scrape(), "diwan_db_queries_total", { operation: "select", result: "error" });
    const { sql } = await import("kysely");
    await assert.rejects(sql`select * from no_such_table`.execute(serverOf().database.db));
    assert.equal(sample(await scrape(), "diwan_db_queries_total", { operation: "select", result: "error" }) - before, 1);
  });

  it("a table closed before its match started counts as created and abandoned", async () => {
    const before = await scrape();
    const room = await sdkClient(serverOf().url, await makeUser("Host")).create("duel", { mode: "private" });
    new Recorded(room);
    const roomId = room.roomId;
    await room.leave();
    await until(() => {
      try {
        localRoom(roomId);
        return false;
      } catch {
        return true;
      }
    }, 10_000, "the empty private table to close");
    const after = await scrape();
    const delta = (event: string) => sample(after, "diwan_table_events_total", { game: "duel", event }) - sample(before, "diwan_table_events_total", { game: "duel", event });
    assert.equal(delta("created"), 1);
    assert.equal(delta("abandoned"), 1);
    assert.equal(delta("started"), 0);
    assert.ok(sample(after, "diwan_matchmake_duration_seconds_count", { method: "create", status: "200" }) >= 1, "matchmaking is measured by method and status");
  });

  it("a match: started, a turn timeout, a drop and a reconnect, a bot takeover when the player leaves, finished with its duration", async () => {
    const before = await scrape();
    const user = await makeUser("Lifecycle");
    const client = sdkClient(serverOf().url, user);
    const room: Room = await client.create("duel", { mode: "bots" });
    room.reconnection.enabled = false; // the test reconnects by hand
    new Recorded(room);
    const view = (r: Room) => r.state as unknown as DuelView | undefined;
    await until(() => view(room)?.status === "playing" && view(room)!.activeSeats.length === 1 && view(room)!.activeSeats[0] === 0, 10_000, "seat 0 to act");
    const roomId = room.roomId;

    // The turn clock runs out (the room's clock moved forward, as in test/rooms/duel.room.test.ts).
    localRoom<{ timers: { advance(ms: number): void } }>(roomId).timers.advance(181_000);
    const timedOut = async () => sample(await scrape(), "diwan_turn_timeouts_total", { game: "duel" }) - sample(before, "diwan_turn_timeouts_total", { game: "duel" });
    const deadline = Date.now() + 5000;
    while ((await timedOut()) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await timedOut(), 1);

    // Dropped, then back within the grace.
    const token = room.reconnectionToken;
    dropConnection(roomId, room.sessionId);
    const back = await client.reconnect(token);
    new Recorded(back);
    // Leaves for good mid-match: a bot takes the seat; with nobody left the bots finish the match.
    await back.leave();
    let after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    const finishDeadline = Date.now() + 60_000;
    while (delta("diwan_table_events_total", { game: "duel", event: "finished" }) < 1 && Date.now() < finishDeadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await scrape();
    }
    assert.equal(delta("diwan_table_events_total", { game: "duel", event: "created" }), 1);
    assert.equal(delta("diwan_table_events_total", { game: "duel", event: "started" }), 1);
    assert.equal(delta("diwan_table_events_total", { game: "duel", event: "finished" }), 1);
    assert.equal(delta("diwan_player_drops_total", { game: "duel" }), 1);
    assert.equal(delta("diwan_reconnects_total", { game: "duel" }), 1);
    assert.equal(delta("diwan_bot_takeovers_total", { game: "duel", reason: "left" }), 1);
    assert.equal(delta("diwan_match_duration_seconds_count", { game: "duel" }), 1);
  });
});
