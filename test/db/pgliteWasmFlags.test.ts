/**
 * The PGlite worker keeps WebAssembly on V8's baseline compiler (PGLITE_WASM_V8_FLAGS): the
 * optimising compiler's background jobs left tens of MB in glibc's arenas at every start
 * (docs/CAPACITY.md, PGlite, Round 9). The flags are process-wide, so a hot wasm function compiled
 * in the same process after the worker started shows whether they took effect.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { PGLITE_WASM_V8_FLAGS } from "../../src/db/pgliteWasmFlags.js";

const FIXTURE = "test/fixtures/wasmTier.fixture.ts";

function tierAfterHotLoop(mode: "worker" | "control"): { turbofan: boolean; liftoff: boolean } {
  const out = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", FIXTURE, mode], { encoding: "utf8", timeout: 50_000 });
  const line = out.stdout.trim().split("\n").pop() ?? "";
  assert.equal(out.status, 0, `${mode} fixture failed:\n${out.stdout}\n${out.stderr}`);
  return JSON.parse(line) as { turbofan: boolean; liftoff: boolean };
}

describe("PGlite worker: V8 flags for its WebAssembly", function () {
  this.timeout(60_000);

  it("are flags this Node's V8 knows (an unknown flag on the command line is refused)", () => {
    const out = spawnSync(process.execPath, [...PGLITE_WASM_V8_FLAGS, "-e", "0"], { encoding: "utf8" });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stderr, "");
  });

  it("control: without the worker, a hot wasm function is tiered up to TurboFan", () => {
    assert.deepEqual(tierAfterHotLoop("control"), { turbofan: true, liftoff: false });
  });

  it("once the worker has started, a hot wasm function stays on Liftoff", () => {
    assert.deepEqual(tierAfterHotLoop("worker"), { turbofan: false, liftoff: true });
  });
});
