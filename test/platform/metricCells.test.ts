/**
 * The hot-path metric cells (src/platform/metrics.ts) export exactly what the metric's own
 * `inc`/`observe` would: same Prometheus text, through resets, for every bucket and above them.
 */
import { strict as assert } from "node:assert";
import { Counter, Histogram, Registry } from "prom-client";
import { CounterCell, HistogramCell } from "../../src/platform/metrics.js";

function pair() {
  const make = () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: "diwan" });
    const counter = new Counter({ name: "t_actions_total", help: "h", labelNames: ["game", "result"], registers: [registry] });
    const histogram = new Histogram({ name: "t_seconds", help: "h", labelNames: ["game"], buckets: [0.001, 0.01, 0.1], registers: [registry] });
    return { registry, counter, histogram };
  };
  return { plain: make(), cells: make() };
}

describe("metric cells", () => {
  it("count and observe exactly as inc and observe do, through resets", async () => {
    const { plain, cells } = pair();
    const accepted = new CounterCell(cells.counter, { game: "baloot", result: "accepted" });
    const rejected = new CounterCell(cells.counter, { game: "baloot", result: "rejected" });
    const handling = new HistogramCell(cells.histogram, { game: "baloot" });
    const values = [0.0005, 0.001, 0.002, 0.05, 0.1, 0.2, 5, 0];
    for (let round = 0; round < 3; round++) {
      for (const [i, v] of values.entries()) {
        plain.counter.inc({ game: "baloot", result: i % 3 ? "accepted" : "rejected" });
        (i % 3 ? accepted : rejected).inc();
        plain.histogram.observe({ game: "baloot" }, v);
        handling.observe(v);
      }
      // Another caller of the same series through the metric itself.
      plain.counter.inc({ game: "baloot", result: "accepted" }, 2);
      cells.counter.inc({ game: "baloot", result: "accepted" }, 2);
      assert.equal(await cells.registry.metrics(), await plain.registry.metrics(), `round ${round}`);
      if (round === 1) {
        plain.counter.reset();
        plain.histogram.reset();
        cells.counter.reset();
        cells.histogram.reset();
      }
    }
    assert.deepEqual(await cells.counter.get(), await plain.counter.get());
  });

  it("a value that is not a number is refused as observe refuses it", () => {
    const { cells } = pair();
    const handling = new HistogramCell(cells.histogram, { game: "duel" });
    handling.observe(0.01);
    assert.throws(() => handling.observe(Number.NaN), TypeError);
  });
});
