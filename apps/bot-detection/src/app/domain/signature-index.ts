import type { IpAddress } from './ip-address';
import { maskWord } from './ip-address';
import { IdTable } from './id-table';
import { RangeTable } from './range-table';
import type { SignatureAction, SignatureRecord } from './signature';
import { UserAgentPattern } from './user-agent-pattern';

/** What Check knows about the client, already parsed. */
export interface SignatureProbe {
  ip: IpAddress;
  userAgent: string;
  fingerprintHash: string;
}

/** What a match reports of a signature. */
export interface IndexedSignature {
  readonly id: string;
  readonly action: SignatureAction;
  /** Epoch milliseconds after which it no longer applies; 0 means never. */
  readonly expiresAtMs: number;
}

/** What a slot holds; FREE once its signature is removed. */
const Kind = { FREE: 0, IPV4: 1, IPV6: 2, USER_AGENT: 3, FINGERPRINT: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];
const NONE = -1;

/**
 * Every signature of the PoP in memory, answering `Check` without a Redis round trip. A million
 * of them must fit the PoP's memory budget and be found in a microsecond or two, so nothing is
 * kept as one object per signature: each id gets a slot number ({@link IdTable}), and what Check
 * needs of it (kind, action, expiry, range) lives in parallel typed arrays indexed by slot. IP
 * ranges sit in one open-addressing {@link RangeTable} per family, keyed by prefix length and
 * masked network and probed from the longest prefix length in use to the shortest; signatures
 * sharing a range are chained through `nextInRange`. Fingerprints and user-agent globs (feeds
 * publish hundreds of those, not millions) stay in maps. Replacing a signature by id removes the
 * old one first, so an id matches at most one thing. Redis keeps the rest of each signature.
 */
export class SignatureIndex {
  private readonly ids = new IdTable();
  private kinds = new Uint8Array(1024);
  private actionCodes = new Uint8Array(1024);
  private expiries = new Float64Array(1024);
  private prefixes = new Uint8Array(1024);
  /** IPv4 ranges use the first of their four words. */
  private words = new Uint32Array(4096);
  private nextInRange = new Int32Array(1024);
  /** The distinct actions seen, so that a slot stores a one-byte code. */
  private readonly actions: SignatureAction[] = [];
  private readonly v4 = new RangeTable(1);
  private readonly v6 = new RangeTable(4);
  private readonly v4PrefixCounts = new Int32Array(33);
  private readonly v6PrefixCounts = new Int32Array(129);
  private v4Lengths: number[] = [];
  private v6Lengths: number[] = [];
  private readonly fingerprints = new Map<string, number[]>();
  private readonly fingerprintOf = new Map<number, string>();
  private readonly userAgents = new Map<number, UserAgentPattern>();

  /** Signatures held, including expired ones not yet swept. */
  get size(): number {
    return this.ids.size;
  }

  upsert(record: SignatureRecord): void {
    this.remove(record.id);
    const slot = this.ids.add(record.id);
    if (slot >= this.kinds.length) this.growSlots(slot + 1);
    this.actionCodes[slot] = this.actionCode(record.action);
    this.expiries[slot] = record.expiresAtMs;
    const { matcher } = record;
    if (matcher.kind === 'ip') {
      const { range } = matcher;
      const at = slot * 4;
      this.prefixes[slot] = range.prefix;
      if (range.family === 4) {
        this.kinds[slot] = Kind.IPV4;
        this.words[at] = maskWord(range.value, range.prefix);
        this.words[at + 1] = this.words[at + 2] = this.words[at + 3] = 0;
      } else {
        this.kinds[slot] = Kind.IPV6;
        for (let i = 0; i < 4; i++)
          this.words[at + i] = maskWord(range.words[i], range.prefix - i * 32);
      }
      this.link(slot);
    } else if (matcher.kind === 'fingerprint') {
      this.kinds[slot] = Kind.FINGERPRINT;
      const list = this.fingerprints.get(matcher.hash);
      if (list) list.push(slot);
      else this.fingerprints.set(matcher.hash, [slot]);
      this.fingerprintOf.set(slot, matcher.hash);
    } else {
      this.kinds[slot] = Kind.USER_AGENT;
      this.userAgents.set(slot, new UserAgentPattern(matcher.pattern));
    }
  }

  /** False when no signature had that id. */
  remove(id: string): boolean {
    const slot = this.ids.find(id);
    if (slot === NONE) return false;
    this.removeSlot(slot, id);
    return true;
  }

  has(id: string): boolean {
    return this.ids.find(id) !== NONE;
  }

  /** The signatures in force at `nowMs` that match the probe: IP ranges longest first. */
  match(probe: SignatureProbe, nowMs: number): IndexedSignature[] {
    const matches: IndexedSignature[] = [];
    const { ip } = probe;
    if (ip.family === 4) {
      const lengths = this.v4Lengths;
      for (let i = 0; i < lengths.length; i++) {
        const prefix = lengths[i];
        const head = this.v4.get(prefix, maskWord(ip.value, prefix), 0, 0, 0);
        if (head !== NONE) this.collect(head, nowMs, matches);
      }
    } else {
      const lengths = this.v6Lengths;
      const [w0, w1, w2, w3] = ip.words;
      for (let i = 0; i < lengths.length; i++) {
        const prefix = lengths[i];
        const head = this.v6.get(
          prefix,
          maskWord(w0, prefix),
          maskWord(w1, prefix - 32),
          maskWord(w2, prefix - 64),
          maskWord(w3, prefix - 96),
        );
        if (head !== NONE) this.collect(head, nowMs, matches);
      }
    }
    if (probe.fingerprintHash !== '') {
      for (const slot of this.fingerprints.get(probe.fingerprintHash) ?? []) {
        if (this.activeAt(slot, nowMs)) matches.push(this.reported(slot));
      }
    }
    if (probe.userAgent !== '' && this.userAgents.size > 0) {
      const lower = probe.userAgent.toLowerCase();
      for (const [slot, pattern] of this.userAgents) {
        if (this.activeAt(slot, nowMs) && pattern.matches(lower)) matches.push(this.reported(slot));
      }
    }
    return matches;
  }

  /** Signatures in force at `nowMs`. */
  countActive(nowMs: number): number {
    let active = 0;
    for (let slot = 0; slot < this.ids.slotBound; slot++) {
      if (this.kinds[slot] !== Kind.FREE && this.activeAt(slot, nowMs)) active++;
    }
    return active;
  }

  /** Drops expired signatures from memory (Check already ignores them); returns how many. */
  sweepExpired(nowMs: number): number {
    let swept = 0;
    for (let slot = 0; slot < this.ids.slotBound; slot++) {
      if (this.kinds[slot] === Kind.FREE || this.activeAt(slot, nowMs)) continue;
      this.removeSlot(slot, this.ids.idOf(slot));
      swept++;
    }
    return swept;
  }

  private activeAt(slot: number, nowMs: number): boolean {
    const expiresAtMs = this.expiries[slot];
    return expiresAtMs === 0 || expiresAtMs > nowMs;
  }

  private collect(head: number, nowMs: number, matches: IndexedSignature[]): void {
    for (let slot = head; slot !== NONE; slot = this.nextInRange[slot]) {
      if (this.activeAt(slot, nowMs)) matches.push(this.reported(slot));
    }
  }

  /** A match as the caller sees it: the only place a signature becomes an object again. */
  private reported(slot: number): IndexedSignature {
    return {
      id: this.ids.idOf(slot),
      action: this.actions[this.actionCodes[slot]],
      expiresAtMs: this.expiries[slot],
    };
  }

  private removeSlot(slot: number, id: string): void {
    const kind = this.kinds[slot];
    if (kind === Kind.IPV4 || kind === Kind.IPV6) this.unlink(slot);
    else if (kind === Kind.FINGERPRINT) {
      const hash = this.fingerprintOf.get(slot) as string;
      this.fingerprintOf.delete(slot);
      const remaining = (this.fingerprints.get(hash) ?? []).filter((other) => other !== slot);
      if (remaining.length === 0) this.fingerprints.delete(hash);
      else this.fingerprints.set(hash, remaining);
    } else {
      this.userAgents.delete(slot);
    }
    this.kinds[slot] = Kind.FREE;
    this.ids.remove(id);
  }

  /** Puts an IP slot at the head of its range's chain. */
  private link(slot: number): void {
    const table = this.kinds[slot] === Kind.IPV4 ? this.v4 : this.v6;
    const prefix = this.prefixes[slot];
    const at = slot * 4;
    const w = this.words;
    const head = table.exchange(prefix, w[at], w[at + 1], w[at + 2], w[at + 3], slot);
    this.nextInRange[slot] = head;
    if (head === NONE) this.countPrefix(this.kinds[slot], prefix, 1);
  }

  private unlink(slot: number): void {
    const table = this.kinds[slot] === Kind.IPV4 ? this.v4 : this.v6;
    const prefix = this.prefixes[slot];
    const at = slot * 4;
    const w = this.words;
    const head = table.get(prefix, w[at], w[at + 1], w[at + 2], w[at + 3]);
    const next = this.nextInRange[slot];
    if (head === slot) {
      if (next === NONE) {
        table.delete(prefix, w[at], w[at + 1], w[at + 2], w[at + 3]);
        this.countPrefix(this.kinds[slot], prefix, -1);
      } else {
        table.set(prefix, w[at], w[at + 1], w[at + 2], w[at + 3], next);
      }
      return;
    }
    let previous = head;
    while (this.nextInRange[previous] !== slot) previous = this.nextInRange[previous];
    this.nextInRange[previous] = next;
  }

  /** Keeps the list of prefix lengths in use (ranges, not signatures) for lookups to walk. */
  private countPrefix(kind: number, prefix: number, delta: 1 | -1): void {
    const counts = kind === Kind.IPV4 ? this.v4PrefixCounts : this.v6PrefixCounts;
    counts[prefix] += delta;
    if (counts[prefix] !== (delta === 1 ? 1 : 0)) return;
    const lengths: number[] = [];
    for (let length = counts.length - 1; length >= 0; length--) {
      if (counts[length] > 0) lengths.push(length);
    }
    if (kind === Kind.IPV4) this.v4Lengths = lengths;
    else this.v6Lengths = lengths;
  }

  private actionCode(action: SignatureAction): number {
    const known = this.actions.indexOf(action);
    if (known !== NONE) return known;
    this.actions.push(action);
    return this.actions.length - 1;
  }

  private growSlots(needed: number): void {
    const capacity = Math.max(needed, Math.ceil(this.kinds.length * 1.5));
    const grown = <T extends { set(source: ArrayLike<number>): void }>(
      old: ArrayLike<number>,
      fresh: T,
    ): T => {
      fresh.set(old);
      return fresh;
    };
    this.kinds = grown(this.kinds, new Uint8Array(capacity));
    this.actionCodes = grown(this.actionCodes, new Uint8Array(capacity));
    this.expiries = grown(this.expiries, new Float64Array(capacity));
    this.prefixes = grown(this.prefixes, new Uint8Array(capacity));
    this.words = grown(this.words, new Uint32Array(capacity * 4));
    this.nextInRange = grown(this.nextInRange, new Int32Array(capacity));
  }
}
