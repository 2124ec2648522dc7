import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadReport } from "../../scripts/loadtest/report.js";
import { spawnTs, stopProcess } from "../helpers/processes.js";

/**
 * The load tool end to end, as a user runs it: it starts a real Diwan server itself (PGlite in
 * memory, or Postgres when DATABASE_URL is set, as for the other tests), players join quick
 * tables over WebSocket and play for a few seconds; the exit code carries the verdict.
 */


async function runTool(args: string[], timeoutMs: number): Promise<{ code: number | null; out: string }> {
  const tool = spawnTs("scripts/loadtest.ts", { ...process.env, NODE_ENV: "production" }, args);
  // "close": the output is read to its end, not only the process gone.
  const closed = once(tool.child, "close") as Promise<[number | null]>;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
  const ended = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (ended === "late") {
    // The tool and the server it started (its process group).
    await stopProcess(tool, "SIGKILL");
    throw new Error(`loadtest did not finish within ${timeoutMs} ms:\n${tool.output()}`);
  }
  return { code: ended[0], out: tool.output() };
}

describe("loadtest end to end (the tool starts its own server)", function () {
  this.timeout(150_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "diwan-loadtest-"));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a reconnect storm that meets its objectives exits 0; the HTML report holds the charts and nothing external", async () => {
    const html = join(dir, "storm.html");
    const json = join(dir, "storm.json");
    const { code, out } = await runTool(
      ["--scenario", "reconnect-storm", "--tables", "2", "--threads", "2", "--pace", "200ms", "--duration", "8s", "--storm-after", "1s", "--return-within", "2s", "--sample", "1s",
        "--slo", "reconnectFailures=0,p99=20s", "--html", html, "--json", json],
      120_000,
    );
    assert.equal(code, 0, out);
    assert.match(out, /PASS reconnectFailures ≤ 0: 0/);
    const report = JSON.parse(readFileSync(json, "utf8")) as LoadReport;
    assert.equal(report.target.kind, "child");
    assert.equal(report.join.failures, 0);
    assert.ok(report.actions.acked > 0, "actions were acknowledged");
    assert.ok(report.reconnect && report.reconnect.dropped >= 1, "someone dropped");
    assert.equal(report.reconnect.back, report.reconnect.dropped, "everyone came back to his own seat");
    assert.ok(report.timeline.t.length >= 3, "the timeline has samples");
    // Players in two threads: every ack of the window is in the per-window samples too.
    assert.equal(report.generator.threads, 2);
    assert.ok(report.windows.reduce((n, w) => n + w.count, 0) >= report.actions.acked, "the windows hold every thread's acks");
    assert.ok(report.actions.latency.count === report.actions.acked);
    const page = readFileSync(html, "utf8");
    for (const id of ["chart-latency", "chart-players", "chart-cpu", "chart-memory"]) assert.ok(page.includes(`id="${id}"`), id);
    assert.match(page, /var uPlot=function\(\)/);
    assert.doesNotMatch(page, /\s(src|href)\s*=/i);
    const external = (page.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).filter((u) => !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u));
    assert.deepEqual(external, []);
  });

  it("a steady run that misses a tiny objective exits 1 and says which objective failed", async () => {
    const { code, out } = await runTool(["--tables", "1", "--pace", "200ms", "--duration", "4s", "--idle", "0", "--sample", "1s", "--slo", "p50=0.001ms,errors=0"], 120_000);
    assert.equal(code, 1, out);
    assert.match(out, /verdict: FAIL/);
    assert.match(out, /FAIL p50 ≤ 0\.001ms/);
    assert.match(out, /PASS errors ≤ 0: 0/);
  });
});
