import { createHash, randomBytes } from "node:crypto";

/**
 * Deterministic random numbers for engines.
 *
 * Generator: xoshiro128** (128 bits of state, passes BigCrush), seeded from SHA-256 of the
 * match seed and a label, so each hand can draw from its own stream: `streamFor(seed, "hand:3")`.
 * The state is four uint32 numbers, plain JSON, so it can live inside game state.
 */

/** A fresh secret match seed: 256 bits from the OS CSPRNG, as 64 hex characters. */
export function newSeed(): string {
  return randomBytes(32).toString("hex");
}

export type RngState = [number, number, number, number];

/** Derive a generator state from a seed and a label (e.g. the hand number). */
export function seedState(seed: string, label = ""): RngState {
  const digest = createHash("sha256").update(seed).update("\u0000").update(label).digest();
  const s: RngState = [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
  // xoshiro must not start from the all-zero state.
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 0x9e3779b9;
  return s;
}

export interface Rng {
  /** Next uniformly distributed uint32. */
  nextU32(): number;
  /** Uniform integer in [0, n), n in 1..2^32, by rejection sampling (no modulo bias). */
  int(n: number): number;
  /** Shuffle in place (Fisher–Yates). */
  shuffle<T>(items: T[]): T[];
  /** Current state, to store back into game state. */
  readonly state: RngState;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A generator over `state`; the array is updated in place as numbers are drawn. */
export function createRng(state: RngState): Rng {
  const s = state;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] = (s[2] ^ s[0]) >>> 0;
    s[3] = (s[3] ^ s[1]) >>> 0;
    s[1] = (s[1] ^ s[2]) >>> 0;
    s[0] = (s[0] ^ s[3]) >>> 0;
    s[2] = (s[2] ^ t) >>> 0;
    s[3] = rotl(s[3], 11);
    return result;
  };
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`rng.int: bad bound ${n}`);
    if (n === 1) return 0;
    // Accept only values below the largest multiple of n that fits in 2^32.
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const x = nextU32();
      if (x < limit) return x % n;
    }
  };
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  };
  return { nextU32, int, shuffle, state: s };
}

/** Convenience: a generator for (seed, label). */
export function streamFor(seed: string, label = ""): Rng {
  return createRng(seedState(seed, label));
}
