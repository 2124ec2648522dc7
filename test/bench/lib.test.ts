import assert from "node:assert/strict";
import { intFlag, parseDuration, parseFlags, stringFlag } from "../../bench/lib/args.js";
import { Worker } from "node:worker_threads";
import { offMainThreadCpuUs } from "../../bench/lib/childStats.js";
import { parsePrometheus, sampleProc } from "../../bench/lib/proc.js";
import { summarise } from "../../bench/lib/stats.js";

describe("bench/lib: the helpers behind bench:room, bench:ws-echo and loadtest", () => {
  it("parses flags in both spellings, durations with units, and refuses out-of-range values", () => {
    const flags = parseFlags(["--tables", "12", "--pace=2s", "--json"]);
    assert.equal(intFlag(flags, "tables", 1), 12);
    assert.equal(stringFlag(flags, "pace"), "2s");
    assert.equal(stringFlag(flags, "json"), "true");
    assert.equal(parseDuration("500ms"), 500);
    assert.equal(parseDuration("2s"), 2000);
    assert.equal(parseDuration("1.5m"), 90_000);
    assert.equal(parseDuration("3"), 3000);
    assert.throws(() => parseDuration("soon"));
    assert.throws(() => intFlag(parseFlags(["--tables", "-1"]), "tables", 1, 1));
  });

  it("computes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarise(values);
    assert.equal(s.count, 100);
    assert.equal(s.p50, 50);
    assert.equal(s.p99, 99);
    assert.equal(s.max, 100);
    assert.equal(s.mean, 50.5);
    assert.equal(summarise([]).count, 0);
  });

  it("reads Prometheus text: sums label sets per name and keeps labelled series", () => {
    const m = parsePrometheus(
      [
        "# HELP process_cpu_seconds_total x",
        'process_cpu_seconds_total{service="diwan"} 12.5',
        'diwan_game_actions_total{game="baloot",result="accepted",service="diwan"} 7',
        'diwan_game_actions_total{game="baloot",result="rejected",service="diwan"} 2',
      ].join("\n"),
    );
    assert.equal(m.get("process_cpu_seconds_total"), 12.5);
    assert.equal(m.get("diwan_game_actions_total"), 9);
    assert.equal(m.get('diwan_game_actions_total{game="baloot",result="rejected"}'), 2);
  });

  it("samples CPU and RSS of a live pid from /proc, and null for a missing one", function () {
    if (process.platform !== "linux") this.skip();
    const s = sampleProc(process.pid);
    assert.ok(s && s.cpuSeconds > 0 && s.rssBytes > 0);
    assert.equal(sampleProc(2 ** 22 + 12345), null);
  });

  it("counts the CPU of the threads other than the main one, not the main thread's", async function () {
    if (process.platform !== "linux") this.skip();
    const spin = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    const before = offMainThreadCpuUs() as number;
    spin(150);
    const afterMain = offMainThreadCpuUs() as number;
    assert.ok(afterMain - before < 100_000, `the main thread's 150 ms are not counted (${afterMain - before} µs)`);
    // Read while the worker spins: an ended thread takes its time with it (a server's V8 and libuv threads live on).
    const busy = new Worker("const until = Date.now() + 400; while (Date.now() < until);", { eval: true });
    await new Promise((resolve) => setTimeout(resolve, 250));
    const during = offMainThreadCpuUs() as number;
    await new Promise((resolve) => busy.once("exit", resolve));
    assert.ok(during - afterMain > 100_000, `a spinning worker thread is counted (${during - afterMain} µs)`);
  });
});
