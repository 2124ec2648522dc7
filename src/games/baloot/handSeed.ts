/**
 * The per-hand stream state, SHA-256(seed ‖ 0x00 ‖ "hand:N") read as four little-endian words
 * (exactly core's `seedState(seed, "hand:N")`), computed in plain JavaScript for ASCII seeds.
 *
 * Why not node:crypto: a native one-shot hash costs a few µs per call (binding, Buffer), about a
 * tenth of a random-play hand. Here the message is at most a few blocks of 32-bit words, and the
 * compression state after the seed's whole 64-byte blocks is remembered for the last seed seen
 * (a match's seed is the same for every hand; the usual 64-hex-digit seed is exactly one block),
 * so a hand costs one or two compressions. Non-ASCII seeds take the native path (UTF-8 encoding).
 * test/games/baloot/deal.test.ts compares both on thousands of seeds and hand numbers.
 */
import { hash } from "node:crypto";
import type { RngState } from "../core/rng.js";

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
/** Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

const W = new Int32Array(64);
const H = new Int32Array(8);

/** The message schedule's first 16 words are in W; folds one block into `state`. */
function compress(state: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15]!;
    const b = W[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** Loads 64 bytes of ASCII text from `text[from…]` (big-endian words) into W[0..15]. */
function loadBlock(text: string, from: number): void {
  for (let i = 0; i < 16; i++) {
    const p = from + 4 * i;
    W[i] = (text.charCodeAt(p) << 24) | (text.charCodeAt(p + 1) << 16) | (text.charCodeAt(p + 2) << 8) | text.charCodeAt(p + 3);
  }
}

/** The last seed's state after its whole 64-byte blocks. */
let cachedSeed: string | null = null;
const seedState = new Int32Array(8);

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function bswap(x: number): number {
  return ((x >>> 24) | ((x >>> 8) & 0xff00) | ((x << 8) & 0xff0000) | (x << 24)) >>> 0;
}

/** SHA-256(seed ‖ 0x00 ‖ label)'s first 16 bytes as four little-endian uint32 (label is ASCII). */
export function seedLabelWords(seed: string, label: string): RngState {
  if (!isAscii(seed)) {
    const digest = hash("sha256", `${seed}\u0000${label}`, "buffer");
    return [digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)];
  }
  const whole = seed.length - (seed.length & 63);
  if (cachedSeed !== seed) {
    seedState.set(IV);
    for (let p = 0; p < whole; p += 64) {
      loadBlock(seed, p);
      compress(seedState);
    }
    cachedSeed = seed;
  }
  H.set(seedState);
  // The tail: the seed's last partial block, the separator, the label, 0x80, zeros, the bit length,
  // written byte by byte into W (big-endian words) without building the tail as a string.
  const rest = seed.length - whole;
  const tailLength = rest + 1 + label.length + 1;
  const bits = (seed.length + 1 + label.length) * 8;
  const blocks = tailLength + 8 <= 64 ? 1 : 2;
  for (let b = 0; b < blocks; b++) {
    W.fill(0, 0, 16);
    const from = b * 64;
    const to = Math.min(tailLength, from + 64);
    for (let p = from; p < to; p++) {
      const q = p - rest;
      const byte = q < 0 ? seed.charCodeAt(whole + p) : q === 0 ? 0 : q <= label.length ? label.charCodeAt(q - 1) : 0x80;
      const o = p - from;
      W[o >> 2] = W[o >> 2]! | (byte << (24 - 8 * (o & 3)));
    }
    if (b === blocks - 1) {
      // Message length in bits, big-endian 64-bit (below 2^32 here).
      W[14] = 0;
      W[15] = bits | 0;
    }
    compress(H);
  }
  return [bswap(H[0]!), bswap(H[1]!), bswap(H[2]!), bswap(H[3]!)];
}
