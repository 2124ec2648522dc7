import assert from "node:assert/strict";
import { LocalPresence, type Presence } from "@colyseus/core";
import { HOLDINGS_PREFIX, Holdings } from "../../src/rooms/table/holdings.js";

/** What the test reads of LocalPresence (its expiry timers and hashes are plain fields). */
interface LocalInternals {
  timeouts: Record<string, unknown>;
  hash: Record<string, unknown>;
}

describe("holdings book (issue 8 item 11; issue 10 heap per table)", () => {
  it("a process-local presence keeps no expiry timer per user, and an emptied book goes", async () => {
    const presence = new LocalPresence();
    const book = new Holdings(presence, async () => true);
    await book.seated("u1", "room-a");
    await book.reserved("u1", "room-b");
    const local = presence as unknown as LocalInternals;
    assert.equal(local.timeouts[HOLDINGS_PREFIX + "u1"], undefined, "no timer for the user's book");
    assert.deepEqual((await book.current("u1")).tables.sort(), ["room-a", "room-b"]);
    await book.drop("u1", "room-a");
    assert.deepEqual((await book.current("u1")).tables, ["room-b"]);
    await book.drop("u1", "room-b");
    assert.equal(local.hash[HOLDINGS_PREFIX + "u1"], undefined, "the emptied book is removed");
    assert.deepEqual(await book.current("u1"), { tables: [], reservations: [] });
  });

  it("a shared presence (Redis) still forgets a book 24 h after its last write", async () => {
    const inner = new LocalPresence();
    const expiries: [string, number][] = [];
    // Not a LocalPresence: stands for a presence shared by several processes.
    const shared = {
      hset: (k: string, f: string, v: string) => inner.hset(k, f, v),
      hget: (k: string, f: string) => inner.hget(k, f),
      hgetall: (k: string) => inner.hgetall(k),
      hdel: (k: string, f: string) => inner.hdel(k, f),
      hlen: (k: string) => inner.hlen(k),
      del: (k: string) => inner.del(k),
      expire: (k: string, s: number) => void expiries.push([k, s]),
    } as unknown as Presence;
    const book = new Holdings(shared, async () => true);
    await book.seated("u2", "room-c");
    assert.deepEqual(expiries, [[HOLDINGS_PREFIX + "u2", 24 * 3600]]);
    inner.shutdown();
  });
});
