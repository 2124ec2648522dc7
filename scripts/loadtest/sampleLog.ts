/**
 * A player thread's raw samples (ack time and latency, error times) in preallocated Float64Array
 * chunks instead of growing JS arrays: recording a sample allocates nothing, and the thread's
 * heap stays flat over the run (a JS array of doubles is re-copied as it grows, and the copies
 * land in old space). Chunks are fixed-size, so nothing is copied until the thread hands the
 * samples over; the values are the exact doubles recorded, so percentiles stay exact.
 */
const CHUNK = 16_384;

export class SampleColumn {
  private readonly full: Float64Array[] = [];
  private chunk = new Float64Array(CHUNK);
  private used = 0;

  get length(): number {
    return this.full.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.chunk);
      this.chunk = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.chunk[this.used++] = value;
  }

  /** Every sample in order, in one array (a copy: structured-cloned to the main thread as one block). */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const c of this.full) {
      out.set(c, at);
      at += CHUNK;
    }
    out.set(this.chunk.subarray(0, this.used), at);
    return out;
  }
}
