const MAX_LOAD = 0.6;
/** Length flag of an id holding a character above U+00FF: stored as two bytes per character. */
const WIDE = 0x8000;

/**
 * Signature ids, each given a small integer (its slot) that the rest of the index stores instead
 * of the string. The characters live in one growing byte buffer (one byte per character for the
 * usual ASCII ids, two when an id needs it) and the lookup by id is an open-addressing hash table
 * of slots in an `Int32Array`: a million ids cost about 25 bytes each, and no JavaScript string
 * is kept alive; one is rebuilt only when a match is reported.
 */
export class IdTable {
  private text = Buffer.alloc(1 << 16);
  private textUsed = 0;
  private textGarbage = 0;
  private offsets = new Uint32Array(1024);
  private lengths = new Uint16Array(1024);
  /** Each id's hash, so that probing compares text only on a hash match and rehashing reads no text. */
  private hashes = new Uint32Array(1024);
  /** Slot + 1 per bucket; 0 is empty. */
  private buckets = new Int32Array(2048);
  private count = 0;
  private slotsUsed = 0;
  private freeSlots: number[] = [];

  get size(): number {
    return this.count;
  }

  /** Slots handed out so far are below this bound (free ones included). */
  get slotBound(): number {
    return this.slotsUsed;
  }

  /** The slot of `id`, or -1. */
  find(id: string): number {
    const hash = hashOf(id);
    const mask = this.buckets.length - 1;
    for (let bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      const entry = this.buckets[bucket];
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, id)) return entry - 1;
    }
  }

  /** Gives a new id a slot; the caller has checked that it is not present. */
  add(id: string): number {
    if ((this.count + 1) / this.buckets.length > MAX_LOAD) this.rehash(this.buckets.length * 2);
    const slot = this.freeSlots.length > 0 ? (this.freeSlots.pop() as number) : this.slotsUsed++;
    if (slot >= this.offsets.length) this.growSlots();
    this.store(slot, id);
    const hash = hashOf(id);
    this.hashes[slot] = hash;
    const mask = this.buckets.length - 1;
    let bucket = hash & mask;
    while (this.buckets[bucket] !== 0) bucket = (bucket + 1) & mask;
    this.buckets[bucket] = slot + 1;
    this.count++;
    return slot;
  }

  /** Frees the slot of `id`; returns it, or -1 when the id was not there. */
  remove(id: string): number {
    const hash = hashOf(id);
    const mask = this.buckets.length - 1;
    let hole = hash & mask;
    for (; ; hole = (hole + 1) & mask) {
      const entry = this.buckets[hole];
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, id)) break;
    }
    const slot = this.buckets[hole] - 1;
    // Backward shift, as in RangeTable: no tombstones to slow later lookups.
    for (let next = (hole + 1) & mask; this.buckets[next] !== 0; next = (next + 1) & mask) {
      const home = this.hashes[this.buckets[next] - 1] & mask;
      const stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (stays) continue;
      this.buckets[hole] = this.buckets[next];
      hole = next;
    }
    this.buckets[hole] = 0;
    this.textGarbage += this.byteLength(slot);
    this.lengths[slot] = 0;
    this.freeSlots.push(slot);
    this.count--;
    if (this.textGarbage > 1 << 20 && this.textGarbage * 2 > this.textUsed) this.compact();
    return slot;
  }

  /** The id held by a live slot. */
  idOf(slot: number): string {
    const start = this.offsets[slot];
    const length = this.lengths[slot];
    return length & WIDE
      ? this.text.toString('utf16le', start, start + (length & ~WIDE) * 2)
      : this.text.toString('latin1', start, start + length);
  }

  private holds(slot: number, id: string): boolean {
    const length = this.lengths[slot];
    const start = this.offsets[slot];
    if (length & WIDE) {
      if ((length & ~WIDE) !== id.length) return false;
      for (let i = 0; i < id.length; i++) {
        if (this.text.readUInt16LE(start + i * 2) !== id.charCodeAt(i)) return false;
      }
      return true;
    }
    if (length !== id.length) return false;
    for (let i = 0; i < length; i++) {
      if (this.text[start + i] !== id.charCodeAt(i)) return false;
    }
    return true;
  }

  private byteLength(slot: number): number {
    const length = this.lengths[slot];
    return length & WIDE ? (length & ~WIDE) * 2 : length;
  }

  private store(slot: number, id: string): void {
    let wide = false;
    for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) > 0xff) wide = true;
    const bytes = wide ? id.length * 2 : id.length;
    this.ensureText(bytes);
    const start = this.textUsed;
    if (wide) this.text.write(id, start, 'utf16le');
    else this.text.write(id, start, bytes, 'latin1');
    this.offsets[slot] = start;
    this.lengths[slot] = wide ? id.length | WIDE : id.length;
    this.textUsed += bytes;
  }

  private ensureText(bytes: number): void {
    if (this.textUsed + bytes <= this.text.length) return;
    const grown = Buffer.alloc(Math.max(this.text.length * 2, this.textUsed + bytes));
    this.text.copy(grown, 0, 0, this.textUsed);
    this.text = grown;
  }

  /** Rewrites the text buffer with the live ids only (removals leave their bytes behind). */
  private compact(): void {
    const old = this.text;
    this.text = Buffer.alloc(Math.max(1 << 16, (this.textUsed - this.textGarbage) * 2));
    let used = 0;
    const free = new Set(this.freeSlots);
    for (let slot = 0; slot < this.slotsUsed; slot++) {
      if (free.has(slot)) continue;
      const bytes = this.byteLength(slot);
      old.copy(this.text, used, this.offsets[slot], this.offsets[slot] + bytes);
      this.offsets[slot] = used;
      used += bytes;
    }
    this.textUsed = used;
    this.textGarbage = 0;
  }

  private growSlots(): void {
    const capacity = Math.ceil(this.offsets.length * 1.5);
    const offsets = new Uint32Array(capacity);
    offsets.set(this.offsets);
    const lengths = new Uint16Array(capacity);
    lengths.set(this.lengths);
    const hashes = new Uint32Array(capacity);
    hashes.set(this.hashes);
    this.offsets = offsets;
    this.lengths = lengths;
    this.hashes = hashes;
  }

  private rehash(capacity: number): void {
    const old = this.buckets;
    this.buckets = new Int32Array(capacity);
    const mask = capacity - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      let bucket = this.hashes[entry - 1] & mask;
      while (this.buckets[bucket] !== 0) bucket = (bucket + 1) & mask;
      this.buckets[bucket] = entry;
    }
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashOf(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return finish(h);
}

/** FNV-1a leaves the low bits (the bucket) poorly mixed for ids that differ in the last digit. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
