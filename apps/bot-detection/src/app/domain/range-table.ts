/** Fraction of buckets in use past which the table doubles: linear probing stays short below. */
const MAX_LOAD = 0.6;
const EMPTY = -1;

/**
 * Hash table from a CIDR range (prefix length and masked network words) to one integer, in typed
 * arrays: a million ranges cost a few bytes each and nothing for the garbage collector to trace,
 * where a `Map` per prefix length costs tens of bytes per entry plus a boxed key. Open addressing
 * with linear probing; deletion shifts the following run back (no tombstones), so a table that
 * follows a feed of upserts and removals for months does not slow down.
 *
 * `width` is 1 for IPv4 (one word per key) and 4 for IPv6; for IPv4 the extra word arguments
 * are ignored. Callers pass words already masked to the prefix.
 */
export class RangeTable {
  private capacity: number;
  private mask: number;
  private count = 0;
  private keys: Uint32Array;
  private prefixes: Uint8Array;
  private values: Int32Array;

  constructor(
    private readonly width: 1 | 4,
    initialCapacity = 16,
  ) {
    this.capacity = initialCapacity;
    this.mask = initialCapacity - 1;
    this.keys = new Uint32Array(initialCapacity * width);
    this.prefixes = new Uint8Array(initialCapacity);
    this.values = new Int32Array(initialCapacity).fill(EMPTY);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for the range, or -1. */
  get(prefix: number, w0: number, w1: number, w2: number, w3: number): number {
    const bucket = this.find(prefix, w0, w1, w2, w3);
    return bucket === EMPTY ? EMPTY : this.values[bucket];
  }

  /** Stores a value (a non-negative integer) for the range, replacing any previous one. */
  set(prefix: number, w0: number, w1: number, w2: number, w3: number, value: number): void {
    this.exchange(prefix, w0, w1, w2, w3, value);
  }

  /** {@link set} that returns the value replaced, or -1: one probe where get and set take two. */
  exchange(prefix: number, w0: number, w1: number, w2: number, w3: number, value: number): number {
    const existing = this.find(prefix, w0, w1, w2, w3);
    if (existing !== EMPTY) {
      const previous = this.values[existing];
      this.values[existing] = value;
      return previous;
    }
    if ((this.count + 1) / this.capacity > MAX_LOAD) this.resize(this.capacity * 2);
    let bucket = this.home(prefix, w0, w1, w2, w3);
    while (this.values[bucket] !== EMPTY) bucket = (bucket + 1) & this.mask;
    this.place(bucket, prefix, w0, w1, w2, w3, value);
    this.count++;
    return EMPTY;
  }

  /** False when the range was not there. */
  delete(prefix: number, w0: number, w1: number, w2: number, w3: number): boolean {
    let hole = this.find(prefix, w0, w1, w2, w3);
    if (hole === EMPTY) return false;
    const { keys, width } = this;
    // Backward shift: move each later entry of the run into the hole unless its home bucket
    // lies cyclically after the hole (moving it there would put it before its home).
    let next = hole;
    for (;;) {
      next = (next + 1) & this.mask;
      if (this.values[next] === EMPTY) break;
      const at = next * width;
      const home =
        width === 1
          ? this.home(this.prefixes[next], keys[at], 0, 0, 0)
          : this.home(this.prefixes[next], keys[at], keys[at + 1], keys[at + 2], keys[at + 3]);
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      this.keys.copyWithin(hole * width, at, at + width);
      this.prefixes[hole] = this.prefixes[next];
      this.values[hole] = this.values[next];
      hole = next;
    }
    this.values[hole] = EMPTY;
    this.count--;
    return true;
  }

  private find(prefix: number, w0: number, w1: number, w2: number, w3: number): number {
    const { keys, values, prefixes, width, mask } = this;
    let bucket = this.home(prefix, w0, w1, w2, w3);
    for (;;) {
      if (values[bucket] === EMPTY) return EMPTY;
      if (prefixes[bucket] === prefix) {
        if (width === 1) {
          if (keys[bucket] === w0) return bucket;
        } else {
          const at = bucket * 4;
          if (keys[at] === w0 && keys[at + 1] === w1 && keys[at + 2] === w2 && keys[at + 3] === w3)
            return bucket;
        }
      }
      bucket = (bucket + 1) & mask;
    }
  }

  private home(prefix: number, w0: number, w1: number, w2: number, w3: number): number {
    let h = Math.imul(prefix + 1, 0x9e3779b1) ^ w0;
    if (this.width === 4) {
      h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ w1;
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ w2;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ w3;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  private place(
    bucket: number,
    prefix: number,
    w0: number,
    w1: number,
    w2: number,
    w3: number,
    value: number,
  ): void {
    this.prefixes[bucket] = prefix;
    this.values[bucket] = value;
    if (this.width === 1) {
      this.keys[bucket] = w0;
      return;
    }
    const at = bucket * 4;
    this.keys[at] = w0;
    this.keys[at + 1] = w1;
    this.keys[at + 2] = w2;
    this.keys[at + 3] = w3;
  }

  private resize(capacity: number): void {
    const { keys, prefixes, values, width } = this;
    const old = this.capacity;
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity * width);
    this.prefixes = new Uint8Array(capacity);
    this.values = new Int32Array(capacity).fill(EMPTY);
    for (let bucket = 0; bucket < old; bucket++) {
      if (values[bucket] === EMPTY) continue;
      const at = bucket * width;
      const w1 = width === 1 ? 0 : keys[at + 1];
      const w2 = width === 1 ? 0 : keys[at + 2];
      const w3 = width === 1 ? 0 : keys[at + 3];
      let target = this.home(prefixes[bucket], keys[at], w1, w2, w3);
      while (this.values[target] !== EMPTY) target = (target + 1) & this.mask;
      this.place(target, prefixes[bucket], keys[at], w1, w2, w3, values[bucket]);
    }
  }
}
