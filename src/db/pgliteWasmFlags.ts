import { setFlagsFromString } from "node:v8";

/**
 * V8 flags for PGlite's WebAssembly, set by the PGlite worker (and the initdb child) before PGlite
 * compiles its module. V8 compiles each wasm function with its baseline compiler (Liftoff) on
 * first call and, by default, recompiles the hot ones with its optimising compiler (TurboFan) in
 * background jobs. Those jobs' compile memory (tens of MB for Postgres's large functions) is
 * freed afterwards but stays in glibc's per-thread arenas: that was most of the server's start
 * RSS and all of its ±30 MiB spread between starts. Liftoff code only: start RSS −65 to −76 MiB
 * with no spread; the cost is the writer's speed on long bursts (bench:pglite side by side: faster
 * on 1,000 transactions, 0.78× on 5,000) and ≈ 1.25× the idle CPU of 1,250 tables
 * (docs/CAPACITY.md, PGlite, Round 9). V8 reads these flags when a module is compiled, so setting them in a running process
 * works; they are process-wide, which is fine here: the server runs no other WebAssembly.
 */
export const PGLITE_WASM_V8_FLAGS: readonly string[] = ["--liftoff-only"];

export function applyPGliteWasmFlags(): void {
  setFlagsFromString(PGLITE_WASM_V8_FLAGS.join(" "));
}
