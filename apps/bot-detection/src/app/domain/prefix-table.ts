import type { IpAddress, IpRange } from './ip-address';
import { maskWord } from './ip-address';

/**
 * Where a range lives in a {@link PrefixTable}: its prefix length and hash key. IPv4 keys are
 * the masked address as a signed 32-bit integer (a small integer to V8, stored unboxed); IPv6
 * keys are the masked 16-bit groups as characters. The key's type tells the family.
 */
export interface PrefixSlot {
  readonly prefix: number;
  readonly key: number | string;
}

/**
 * Longest-prefix-match table: one hash map per prefix length in use, probed from the longest
 * length to the shortest. A lookup costs one map probe per distinct prefix length present (at
 * most 33 for IPv4, 129 for IPv6, a handful in practice), whatever the number of ranges, and
 * yields every range that contains the address, most specific first.
 *
 * A range may carry several values (signatures with different ids and the same range); a slot
 * holds one value or an array, since nearly every range carries one.
 */
export class PrefixTable<T> {
  private readonly v4 = new Map<number, Map<number, T | T[]>>();
  private readonly v6 = new Map<number, Map<string, T | T[]>>();
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  private count = 0;

  /** Values stored, over all ranges. */
  get size(): number {
    return this.count;
  }

  static slotOf(range: IpRange): PrefixSlot {
    return range.family === 4
      ? { prefix: range.prefix, key: v4Key(range.value, range.prefix) }
      : { prefix: range.prefix, key: v6Key(range.words, range.prefix) };
  }

  add(slot: PrefixSlot, value: T): void {
    if (typeof slot.key === 'number') {
      let slots = this.v4.get(slot.prefix);
      if (!slots) {
        slots = new Map();
        this.v4.set(slot.prefix, slots);
        this.v4Lengths = descending(this.v4.keys());
      }
      addTo(slots, slot.key, value);
    } else {
      let slots = this.v6.get(slot.prefix);
      if (!slots) {
        slots = new Map();
        this.v6.set(slot.prefix, slots);
        this.v6Lengths = descending(this.v6.keys());
      }
      addTo(slots, slot.key as string, value);
    }
    this.count++;
  }

  /** Removes one value from a slot; false when it was not there. */
  remove(slot: PrefixSlot, value: T): boolean {
    const removed =
      typeof slot.key === 'number'
        ? removeFrom(this.v4.get(slot.prefix), slot.key, value)
        : removeFrom(this.v6.get(slot.prefix), slot.key, value);
    if (removed) this.count--;
    return removed;
  }

  /** Calls `visit` with every value whose range contains `address`, longest prefix first. */
  forEachMatch(address: IpAddress, visit: (value: T) => void): void {
    if (address.family === 4) {
      for (const prefix of this.v4Lengths) {
        const slot = this.v4.get(prefix)?.get(v4Key(address.value, prefix));
        if (slot !== undefined) visitSlot(slot, visit);
      }
      return;
    }
    for (const prefix of this.v6Lengths) {
      const slot = this.v6.get(prefix)?.get(v6Key(address.words, prefix));
      if (slot !== undefined) visitSlot(slot, visit);
    }
  }

  clear(): void {
    this.v4.clear();
    this.v6.clear();
    this.v4Lengths = [];
    this.v6Lengths = [];
    this.count = 0;
  }
}

function v4Key(value: number, prefix: number): number {
  return maskWord(value, prefix) | 0;
}

/**
 * The 16-bit groups a prefix covers, masked, one character each: short keys, cheap to build,
 * and flat (one `fromCharCode` call), so hashing them does not first flatten a rope.
 */
function v6Key(words: readonly number[], prefix: number): string {
  const w0 = maskWord(words[0], prefix);
  if (prefix <= 32) return String.fromCharCode(w0 >>> 16, w0 & 0xffff);
  const w1 = maskWord(words[1], prefix - 32);
  if (prefix <= 64) return String.fromCharCode(w0 >>> 16, w0 & 0xffff, w1 >>> 16, w1 & 0xffff);
  const w2 = maskWord(words[2], prefix - 64);
  const w3 = maskWord(words[3], prefix - 96);
  return String.fromCharCode(
    w0 >>> 16,
    w0 & 0xffff,
    w1 >>> 16,
    w1 & 0xffff,
    w2 >>> 16,
    w2 & 0xffff,
    w3 >>> 16,
    w3 & 0xffff,
  );
}

function descending(lengths: Iterable<number>): number[] {
  return [...lengths].sort((a, b) => b - a);
}

function addTo<K, T>(slots: Map<K, T | T[]>, key: K, value: T): void {
  const slot = slots.get(key);
  if (slot === undefined) slots.set(key, value);
  else if (Array.isArray(slot)) slot.push(value);
  else slots.set(key, [slot, value]);
}

function removeFrom<K, T>(slots: Map<K, T | T[]> | undefined, key: K, value: T): boolean {
  const slot = slots?.get(key);
  if (!slots || slot === undefined) return false;
  if (!Array.isArray(slot)) {
    if (slot !== value) return false;
    slots.delete(key);
    return true;
  }
  const index = slot.indexOf(value);
  if (index === -1) return false;
  slot.splice(index, 1);
  if (slot.length === 1) slots.set(key, slot[0]);
  return true;
}

function visitSlot<T>(slot: T | T[], visit: (value: T) => void) {
  if (Array.isArray(slot)) for (const value of slot) visit(value);
  else visit(slot);
}
