import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { Recorded, act, capturingLogger, makeUser, sdkClient, until, useServer } from "../helpers/tables.js";

interface TableView {
  status: string;
  phase: string;
  toAct: number;
  seq: number;
  seats: { legalActions?: string[] }[];
}
const view = (room: Room) => room.state as unknown as TableView;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const type = (name: string) => [0xa0 | name.length, ...Buffer.from(name)];

/** Frames a broken or hostile client might send (first byte 13 = ROOM_DATA). */
const BAD_FRAMES: Record<string, number[]> = {
  "undecodable payload": [13, ...type("action"), 0xc1, 0xc1],
  "unknown extension": [13, ...type("action"), 0xd4, 0x7f, 0x01],
  "truncated envelope": [13, 0xd9],
  "payload longer than it says": [13, ...type("action"), 0x92, 0x01],
};

describe("malformed frames are client faults (item 26)", function () {
  this.timeout(60_000);
  const logs = capturingLogger("debug");
  const serverOf = useServer({ BOT_DELAY_MS: "0" }, { logger: logs.logger });

  async function faults(kind: string): Promise<number> {
    const metric = serverOf().metrics.registry.getSingleMetric("diwan_client_faults_total");
    const values = metric ? (await metric.get()).values : [];
    return values.find((v) => v.labels.kind === kind)?.value ?? 0;
  }

  it("each kind of bad frame: dropped and answered, counted every time, logged once per connection at warn, nothing on stderr", async () => {
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      for (const [name, bytes] of Object.entries(BAD_FRAMES)) {
        const room = await sdkClient(serverOf().url, await makeUser("Fuzzer")).create("baloot", { mode: "bots" });
        const rec = Recorded.of(room);
        await until(() => view(room)?.status === "playing", 5_000);
        const before = await faults("frame");
        const linesBefore = logs.lines.length;
        const ws = (room.connection.transport as unknown as { ws: { send(b: Uint8Array): void } }).ws;
        for (let i = 0; i < 5; i++) ws.send(new Uint8Array(bytes));
        await until(() => rec.of<{ code: string }>("error").filter((e) => e.code === "MALFORMED_MESSAGE").length === 5, 5_000, `${name}: answered`);
        assert.equal((await faults("frame")) - before, 5, `${name}: counted`);
        const lines = logs.lines.slice(linesBefore);
        const warnings = lines.filter((l) => l.msg === "client fault (logged once per connection)");
        assert.equal(warnings.length, 1, `${name}: logged once`);
        assert.equal(warnings[0]!.level, 40, "at warn level");
        assert.equal(warnings[0]!.sessionId, room.sessionId, "with the client id");
        assert.deepEqual(lines.filter((l) => Number(l.level) >= 50), [], `${name}: no error-level line`);
        // The connection still works.
        room.send("boxScore", {});
        await until(() => rec.of("boxScore").length === 1, 5_000, `${name}: still served`);
        await room.leave();
      }

      // A frame over the transport's size limit: the socket is closed (1009), one warn line.
      const room = await sdkClient(serverOf().url, await makeUser("Big")).create("baloot", { mode: "bots" });
      Recorded.of(room);
      let closed = 0;
      room.onLeave((code) => (closed = code));
      room.reconnection.enabled = false;
      const before = await faults("socket");
      const linesBefore = logs.lines.length;
      const ws = (room.connection.transport as unknown as { ws: { send(b: Uint8Array): void } }).ws;
      ws.send(new Uint8Array([13, ...type("action"), 0xc5, 0x20, 0x00, ...new Array(0x2000).fill(0x61)]));
      await until(() => closed !== 0, 5_000, "oversized frame closes the socket");
      await pause(100);
      assert.equal((await faults("socket")) - before, 1);
      const lines = logs.lines.slice(linesBefore);
      assert.equal(lines.filter((l) => l.msg === "client fault (logged once per connection)").length, 1);
      assert.deepEqual(lines.filter((l) => Number(l.level) >= 50), []);
    } finally {
      process.stderr.write = write;
    }
    assert.deepEqual(stderr, [], "stderr stays clean");
  });

  it("card codes are read as documented: surrounding spaces and lower case are tolerated, nothing else", async () => {
    const room = await sdkClient(serverOf().url, await makeUser("Carder")).create("baloot", { mode: "bots", game: { dealer: 3 } });
    const rec = Recorded.of(room);
    // Bid until the play starts and it is seat 0's lead.
    for (let i = 0; i < 40 && !(view(room)?.phase === "PLAYING" && view(room).toAct === 0); i++) {
      await until(() => view(room)?.toAct === 0 && (view(room).seats[0]?.legalActions?.length ?? 0) > 0, 10_000, "my turn");
      if (view(room).phase === "PLAYING") break;
      const options = [...(view(room).seats[0]?.legalActions ?? [])];
      await pause(60);
      await act(rec, JSON.parse(options.find((o) => o.includes('"SUN"')) ?? options.find((o) => !o.includes("sawa")) ?? options[0]!));
    }
    assert.equal(view(room).phase, "PLAYING");
    const legal = [...(view(room).seats[0]?.legalActions ?? [])].map((o) => JSON.parse(o) as { type: string; card?: string });
    const card = legal.find((a) => a.type === "play")!.card!;
    const seq = view(room).seq;
    await pause(60);
    const split = await act(rec, { type: "play", card: `${card.slice(0, -1)} ${card.slice(-1)}` });
    assert.equal(split.error?.code, "MALFORMED_ACTION");
    assert.equal(view(room).seq, seq);
    await pause(60);
    const padded = await act(rec, { type: "play", card: ` ${card.toLowerCase()} ` });
    assert.equal(padded.ok, true, JSON.stringify(padded));
    await room.leave();
  });
});
