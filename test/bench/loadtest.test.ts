import assert from "node:assert/strict";
import { parseFlags } from "../../bench/lib/args.js";
import { summarise } from "../../bench/lib/stats.js";
import { WindowedLatencies } from "../../bench/lib/windows.js";
import { renderHtml } from "../../scripts/loadtest/html.js";
import { slope, worstLoop } from "../../scripts/loadtest/monitor.js";
import { parseOptions } from "../../scripts/loadtest/options.js";
import { SampleColumn } from "../../scripts/loadtest/sampleLog.js";
import { mergeReconnect, splitStorm, type ReconnectSamples } from "../../scripts/loadtest/reconnect.js";
import { generatorWarnings } from "../../scripts/loadtest/run.js";
import { measuredValues, type LoadReport } from "../../scripts/loadtest/report.js";
import { SloError, evaluate, parseSlo } from "../../scripts/loadtest/slo.js";

describe("loadtest: SLO parsing and verdicts", () => {
  it("parses bounds with their units into base units", () => {
    const o = parseSlo("p99=50ms, errors=0,p50=0.2s,serverCpu=50%,heapSlope=1.5MiB/min,joinP99=3s,reconnectFailures=0,max=200");
    assert.deepEqual(
      o.map((x) => [x.key, x.bound]),
      [
        ["p99", 50],
        ["errors", 0],
        ["p50", 200],
        ["serverCpu", 50],
        ["heapSlope", 1.5],
        ["joinP99", 3000],
        ["reconnectFailures", 0],
        ["max", 200],
      ],
    );
    assert.equal(o[0]?.text, "50ms");
  });

  it("refuses unknown keys, repeated keys, bad values and empty specs, naming the problem", () => {
    assert.throws(() => parseSlo("p98=50ms"), (e: unknown) => e instanceof SloError && /unknown.*p99/.test(e.message));
    assert.throws(() => parseSlo("p99=50ms,p99=60ms"), /given twice/);
    assert.throws(() => parseSlo("p99=fast"), /not a duration/);
    assert.throws(() => parseSlo("errors=1.5"), /whole number/);
    assert.throws(() => parseSlo("errors=-1"), /whole number/);
    assert.throws(() => parseSlo("serverCpu=lots"), /percentage/);
    assert.throws(() => parseSlo(""), /empty/);
    assert.throws(() => parseSlo("p99=50ms,,errors=0"), /empty item/);
    assert.throws(() => parseSlo("p99"), /not key=value/);
  });

  it("passes at the bound, fails above it, and fails what the run did not measure", () => {
    const objectives = parseSlo("p99=50ms,errors=0,reconnectFailures=0");
    const ok = evaluate(objectives, { p99: 50, errors: 0, reconnectFailures: 0 });
    assert.ok(ok.every((v) => v.pass));
    assert.match(ok[0]?.line ?? "", /^PASS p99 ≤ 50ms: 50\.0 ms/);
    const bad = evaluate(objectives, { p99: 50.01, errors: 3 });
    assert.deepEqual(
      bad.map((v) => v.pass),
      [false, false, false],
    );
    assert.match(bad[1]?.line ?? "", /^FAIL errors ≤ 0: 3/);
    assert.match(bad[2]?.line ?? "", /not measured by this run/);
    assert.equal(evaluate(objectives, { p99: Number.NaN })[0]?.pass, false);
  });

  it("maps a report to measured values: no acknowledged action means no latency figure", () => {
    const empty = summarise([]);
    const base = {
      actions: { latency: empty } as LoadReport["actions"],
      errors: 2,
      join: { failures: 1, latency: summarise([10, 20]) } as LoadReport["join"],
      reconnect: null,
      server: { cpuAvgPct: Number.NaN } as LoadReport["server"],
      heap: null,
    };
    const m = measuredValues(base);
    assert.equal(m.p99, undefined);
    assert.equal(m.errors, 2);
    assert.equal(m.joinFailures, 1);
    assert.equal(m.joinP99, 20);
    assert.equal(m.reconnectFailures, undefined);
    assert.equal(m.serverCpu, undefined);
    assert.equal(m.heapSlope, undefined);
  });
});

describe("loadtest: windows, slopes and options", () => {
  it("buckets latencies and errors into 10 s windows of run time, empty windows included", () => {
    const w = new WindowedLatencies(10_000, 1000);
    w.add(1000 + 500, 5);
    w.add(1000 + 9_999, 7);
    w.add(1000 + 25_000, 100);
    w.addError(1000 + 26_000);
    w.addError(1000 + 26_500);
    const s = w.summaries();
    assert.deepEqual(
      s.map((x) => [x.startS, x.count, x.p50, x.max, x.errors]),
      [
        [0, 2, 5, 7, 0],
        [10, 0, 0, 0, 0],
        [20, 1, 100, 100, 2],
      ],
    );
    assert.deepEqual(new WindowedLatencies().summaries(), []);
    assert.throws(() => new WindowedLatencies(0));
  });

  it("computes a least-squares slope, ignoring gaps", () => {
    assert.equal(slope([0, 1, 2, 3], [10, 12, 14, 16]), 2);
    assert.equal(slope([0, 1, 2, 3], [10, Number.NaN, 14, 16]), 2);
    assert.ok(Number.isNaN(slope([1], [1])));
    assert.ok(Number.isNaN(slope([1, 1], [1, 2])));
  });

  it("reads options with per-scenario defaults and refuses inconsistent ones", () => {
    const steady = parseOptions(parseFlags([]));
    assert.equal(steady.scenario, "steady");
    assert.equal(steady.tables, 100);
    assert.equal(steady.idleMs, 10_000);
    const storm = parseOptions(parseFlags(["--scenario", "join-storm"]));
    assert.equal(storm.tables, 1000);
    assert.equal(storm.stormWindowMs, 10_000);
    assert.equal(parseOptions(parseFlags(["--soak"])).scenario, "soak");
    const out = parseOptions(parseFlags(["--json", "/tmp/x.json", "--html=/tmp/x.html", "--slo", "p99=50ms"]));
    assert.equal(out.jsonPath, "/tmp/x.json");
    assert.equal(out.jsonLine, false);
    assert.equal(out.htmlPath, "/tmp/x.html");
    assert.equal(out.slo[0]?.bound, 50);
    assert.equal(parseOptions(parseFlags(["--json"])).jsonLine, true);
    assert.throws(() => parseOptions(parseFlags(["--scenario", "chaos"])), /must be one of/);
    assert.throws(() => parseOptions(parseFlags(["--scenario", "reconnect-storm", "--duration", "12s"])), /must cover/);
    assert.throws(() => parseOptions(parseFlags(["--drop-share", "1.5"])), /share/);
    assert.throws(() => parseOptions(parseFlags(["--url", "http://127.0.0.1:1", "--database-url", "postgres://x/y"])), /makes no sense/);
    assert.throws(() => parseOptions(parseFlags(["--server-env", "bad"])), /NAME=value/);
    assert.throws(() => parseOptions(parseFlags(["--slo", "p99=soon"])), /not a duration/);
  });

  it("spreads the players over one thread per 1,250 players by default, at most 4, or --threads; profiles only a server it starts", () => {
    assert.equal(parseOptions(parseFlags(["--tables", "100"])).threads, 1);
    assert.equal(parseOptions(parseFlags(["--tables", "500"])).threads, 2);
    assert.equal(parseOptions(parseFlags(["--tables", "1250"])).threads, 4);
    assert.equal(parseOptions(parseFlags(["--tables", "5000"])).threads, 4);
    assert.equal(parseOptions(parseFlags(["--tables", "1250", "--mode", "bots"])).threads, 1);
    assert.equal(parseOptions(parseFlags(["--tables", "1250", "--threads", "2"])).threads, 2);
    assert.throws(() => parseOptions(parseFlags(["--threads", "0"])), /--threads must be an integer/);
    assert.equal(parseOptions(parseFlags(["--server-profile", "/tmp/s.cpuprofile"])).serverProfilePath, "/tmp/s.cpuprofile");
    assert.throws(() => parseOptions(parseFlags(["--server-profile"])), /needs a file name/);
    assert.throws(() => parseOptions(parseFlags(["--url", "http://127.0.0.1:1", "--server-profile", "/tmp/s.cpuprofile"])), /makes no sense with --url/);
  });

  it("gives the player threads V8's young generation unless --thread-young-mb says otherwise", () => {
    assert.equal(parseOptions(parseFlags(["--tables", "100"])).threadYoungMb, 0);
    assert.equal(parseOptions(parseFlags(["--tables", "100", "--thread-young-mb", "192"])).threadYoungMb, 192);
    assert.throws(() => parseOptions(parseFlags(["--thread-young-mb", "-1"])), /--thread-young-mb must be an integer/);
  });
});

describe("loadtest: a player thread's samples", () => {
  it("keeps every sample exactly and in order across preallocated chunks", () => {
    const column = new SampleColumn();
    assert.equal(column.toArray().length, 0);
    const values = Array.from({ length: 40_000 }, (_, i) => i * 0.37 + 1 / 3);
    for (const v of values) column.push(v);
    assert.equal(column.length, values.length);
    assert.deepEqual(Array.from(column.toArray()), values);
  });
});

describe("loadtest: player threads", () => {
  it("splits a reconnect storm over the threads exactly as one population would round it", () => {
    assert.deepEqual(splitStorm([10, 10, 10], 0.3), [3, 3, 3]);
    // 30 % of 25 = 7.5 → 8 in all, the remainders decide who drops one more.
    const parts = splitStorm([9, 8, 8], 0.3);
    assert.equal(parts.reduce((a, b) => a + b, 0), 8);
    assert.deepEqual(parts, [3, 3, 2]);
    assert.deepEqual(splitStorm([0, 0], 0.3), [0, 0]);
    assert.deepEqual(splitStorm([1, 0], 1), [1, 0]);
  });

  it("merges the threads' storm results with percentiles over every sample", () => {
    const part = (dropped: number, downtimeMs: number[], atS: number, refusal?: string): ReconnectSamples => ({
      result: {
        dropped,
        back: downtimeMs.length,
        viaToken: downtimeMs.length,
        viaJoinById: 0,
        failures: dropped - downtimeMs.length,
        tableEnded: 0,
        downtime: summarise(downtimeMs),
        attempt: summarise(downtimeMs.map((x) => x / 10)),
        tokenRefusals: refusal ? { [refusal]: 1 } : {},
        failureReasons: {},
        atS,
      },
      downtimeMs,
      attemptMs: downtimeMs.map((x) => x / 10),
    });
    const merged = mergeReconnect([part(3, [100, 200, 300], 12.5, "E"), part(2, [1000], 12.4, "E")]);
    assert.equal(merged.dropped, 5);
    assert.equal(merged.back, 4);
    assert.equal(merged.failures, 1);
    assert.equal(merged.atS, 12.4);
    assert.deepEqual(merged.tokenRefusals, { E: 2 });
    assert.deepEqual(merged.downtime, summarise([100, 200, 300, 1000]));
    assert.equal(merged.attempt.max, 100);
  });

  it("takes the worst thread's loop figures, ignoring unknown ones", () => {
    const w = worstLoop([
      { delayP99Ms: 12, delayMaxMs: 30, utilisation: Number.NaN, gcMaxMs: 2 },
      { delayP99Ms: 40, delayMaxMs: 20, utilisation: 0.5, gcMaxMs: Number.NaN },
    ]);
    assert.deepEqual(w, { delayP99Ms: 40, delayMaxMs: 30, utilisation: 0.5, gcMaxMs: 2 });
  });

  it("warns when a player thread is saturated, its loop lags, or the machine's cores are used up or overloaded", () => {
    const quiet = { cpuAvgPct: 60, busiestPct: 30, loopP99Ms: 12, loopMaxMs: 30, serverCpuAvgPct: 30, cores: 2, threads: 4, loadavg: 1.2, busySamples: 0 };
    assert.deepEqual(generatorWarnings(quiet), []);
    assert.match(generatorWarnings({ ...quiet, busiestPct: 85 })[0] ?? "", /busiest player thread was busy 85 %/);
    assert.match(generatorWarnings({ ...quiet, loopP99Ms: 60 })[0] ?? "", /event-loop delay p99 was 60 ms/);
    assert.match(generatorWarnings({ ...quiet, cpuAvgPct: 120, serverCpuAvgPct: 65 })[0] ?? "", /used 185 % of one core together/);
    assert.match(generatorWarnings({ ...quiet, busySamples: 2 })[0] ?? "", /busy or delayed in 2 of the window's samples/);
    assert.match(generatorWarnings({ ...quiet, loadavg: 9.5 })[0] ?? "", /load average was 9\.5 on 2 cores/);
  });
});

function fakeReport(): LoadReport {
  const lat = summarise([1, 2, 3, 40]);
  const t = [0, 2, 4, 6];
  return {
    tool: "diwan-loadtest",
    version: 1,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:01:00.000Z",
    scenario: "reconnect-storm",
    // Something that must not break out of the page's script or markup.
    command: 'npm run loadtest -- --html "</script><script>alert(1)</script>"',
    options: { tables: 1 },
    machine: { cpus: 2, loadavgStart: 1, loadavgEnd: 1, node: "20" },
    target: { kind: "child", url: "http://127.0.0.1:1234", database: "embedded PGlite in memory", pid: 1 },
    phases: [{ name: "ramp", startS: 0, endS: 1 }],
    players: { target: 4, tables: 1, perTable: 4, mode: "quick", connectedEnd: 4 },
    join: { started: 4, failures: 0, errors: {}, retries: {}, rampS: 1, seatedAfterRamp: 4, tables: 1, latency: lat, requeues: 0 },
    actions: {
      measuredS: 6,
      sent: 4,
      acked: 4,
      ok: 4,
      rejected: {},
      ackTimeouts: 0,
      serverErrors: 0,
      drops: 0,
      lostRooms: 0,
      perSecond: 0.7,
      latency: lat,
      bytesPerAction: 700,
      framesPerAction: 9,
      matchesFinished: 0,
    },
    errors: 0,
    windows: [{ startS: 0, errors: 0, ...lat }],
    server: {
      cpuAvgPct: 5,
      cpuPeakPct: 7,
      idleCpuPct: Number.NaN,
      cpuPerActionUs: 1000,
      cpuPerActionAboveIdleUs: Number.NaN,
      rssStartBytes: 1,
      rssEndBytes: 2,
      rssPeakBytes: 2,
      loopP99Ms: 12,
      loopMaxMs: 20,
      fullGcs: 2,
    },
    generator: { threads: 1, threadYoungMb: 0, cpuAvgPct: 3, cpuPeakPct: 4, busiestThreadPct: 5, loopP99Ms: 11, loopMaxMs: 12, gcMaxMs: 1, bottleneck: false, warnings: [] },
    reconnect: {
      dropped: 1,
      back: 1,
      viaToken: 1,
      viaJoinById: 0,
      failures: 0,
      tableEnded: 0,
      downtime: lat,
      attempt: lat,
      tokenRefusals: {},
      failureReasons: {},
      atS: 2,
    },
    heap: null,
    timeline: {
      t,
      connected: [0, 4, 4, 4],
      serverCpuPct: [Number.NaN, 5, 6, 7],
      serverRssMiB: [500, 501, 502, 503],
      serverHeapMiB: [50, 51, 52, 53],
      serverLoopP99Ms: [10, 11, 12, 13],
      serverLoopMaxMs: [10, 11, 12, 13],
      generatorCpuPct: [1, 2, 3, 4],
      generatorLoopP99Ms: [10, 10, 10, 10],
      generatorBusiestPct: [5, 5, 5, 5],
      generatorGcMaxMs: [1, 1, 1, 1],
      serverGcMaxMs: [2, 2, 2, 2],
      serverClients: [Number.NaN, Number.NaN, Number.NaN, Number.NaN],
    },
    verdicts: evaluate(parseSlo("p99=50ms"), { p99: 40 }),
    pass: true,
  };
}

describe("loadtest: the HTML report", () => {
  it("is self-contained: uPlot and the data inline, five charts, no external URL, nothing that breaks out of a script", () => {
    const html = renderHtml(fakeReport());
    for (const id of ["chart-latency", "chart-players", "chart-cpu", "chart-memory", "chart-loop"]) assert.ok(html.includes(`id="${id}"`), id);
    assert.match(html, /var uPlot=function\(\)/);
    assert.match(html, /\.uplot/); // its stylesheet
    // No resource from elsewhere: no src/href attributes at all, no CSS imports, no http(s) URL but loopback.
    assert.doesNotMatch(html, /\s(src|href)\s*=/i);
    assert.doesNotMatch(html, /@import|url\(\s*['"]?https?:/i);
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    assert.deepEqual(
      urls.filter((u) => !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u)),
      [],
    );
    // The command is shown escaped, and the JSON inside the script tag has no "</script".
    assert.equal(html.match(/<script/g)?.length, 3);
    assert.ok(html.includes("&#60;/script&#62;&#60;script&#62;alert(1)"));
    const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1];
    assert.ok(json, "the report's JSON is embedded");
    const parsed = JSON.parse(json) as LoadReport;
    assert.equal(parsed.command, fakeReport().command);
    assert.equal(parsed.timeline.serverCpuPct[0], null); // NaN → null: a gap in the chart
    assert.match(html, /Verdict: <span class="pass">PASS/);
    assert.match(html, /server full collections in the window<\/[a-z]+>\s*<[a-z]+>2</);
  });
});
