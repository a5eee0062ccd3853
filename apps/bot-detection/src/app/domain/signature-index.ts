import type { IpAddress } from './ip-address';
import { PrefixTable, type PrefixSlot } from './prefix-table';
import { isActive, type SignatureAction, type SignatureRecord } from './signature';
import { UserAgentPattern } from './user-agent-pattern';

/** What Check knows about the client, already parsed. */
export interface SignatureProbe {
  ip: IpAddress;
  userAgent: string;
  fingerprintHash: string;
}

/** What the index keeps of a signature, and what a match reports. */
export interface IndexedSignature {
  readonly id: string;
  readonly action: SignatureAction;
  /** Epoch milliseconds after which it no longer applies; 0 means never. */
  readonly expiresAtMs: number;
}

/** An IP signature is its own slot (prefix and key, not the parsed range): one object each. */
interface IpEntry extends IndexedSignature, PrefixSlot {}

/**
 * Every signature of the PoP in memory, answering `Check` without a Redis round trip:
 * IP ranges in a longest-prefix-match table, fingerprints in a hash map, user-agent globs in a
 * list (feeds publish hundreds of those, not millions). Replacing a signature by id removes the
 * old one first, so an id matches at most one thing. Entries keep only what Check needs (id,
 * action, expiry): a million of them must fit the PoP's memory budget; Redis has the rest.
 */
export class SignatureIndex {
  private readonly byId = new Map<string, IpEntry | IndexedSignature>();
  private readonly ipRanges = new PrefixTable<IpEntry>();
  private readonly fingerprints = new Map<string, IndexedSignature[]>();
  private readonly fingerprintOf = new Map<string, string>();
  private readonly userAgents = new Map<
    string,
    { entry: IndexedSignature; pattern: UserAgentPattern }
  >();

  /** Signatures held, including expired ones not yet swept. */
  get size(): number {
    return this.byId.size;
  }

  upsert(record: SignatureRecord): void {
    this.remove(record.id);
    const { matcher } = record;
    const base = { id: record.id, action: record.action, expiresAtMs: record.expiresAtMs };
    if (matcher.kind === 'ip') {
      const slot = PrefixTable.slotOf(matcher.range);
      const entry: IpEntry = {
        id: record.id,
        action: record.action,
        expiresAtMs: record.expiresAtMs,
        prefix: slot.prefix,
        key: slot.key,
      };
      this.ipRanges.add(entry, entry);
      this.byId.set(entry.id, entry);
      return;
    }
    this.byId.set(base.id, base);
    if (matcher.kind === 'fingerprint') {
      const list = this.fingerprints.get(matcher.hash);
      if (list) list.push(base);
      else this.fingerprints.set(matcher.hash, [base]);
      this.fingerprintOf.set(base.id, matcher.hash);
    } else {
      this.userAgents.set(base.id, { entry: base, pattern: new UserAgentPattern(matcher.pattern) });
    }
  }

  /** False when no signature had that id. */
  remove(id: string): boolean {
    const existing = this.byId.get(id);
    if (!existing) return false;
    this.byId.delete(id);
    if ('key' in existing) {
      this.ipRanges.remove(existing, existing);
      return true;
    }
    const hash = this.fingerprintOf.get(id);
    if (hash !== undefined) {
      this.fingerprintOf.delete(id);
      const remaining = (this.fingerprints.get(hash) ?? []).filter((entry) => entry !== existing);
      if (remaining.length === 0) this.fingerprints.delete(hash);
      else this.fingerprints.set(hash, remaining);
      return true;
    }
    this.userAgents.delete(id);
    return true;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The signatures in force at `nowMs` that match the probe: IP ranges longest first. */
  match(probe: SignatureProbe, nowMs: number): IndexedSignature[] {
    const matches: IndexedSignature[] = [];
    this.ipRanges.forEachMatch(probe.ip, (entry) => {
      if (isActive(entry, nowMs)) matches.push(entry);
    });
    if (probe.fingerprintHash !== '') {
      for (const entry of this.fingerprints.get(probe.fingerprintHash) ?? []) {
        if (isActive(entry, nowMs)) matches.push(entry);
      }
    }
    if (probe.userAgent !== '' && this.userAgents.size > 0) {
      const lower = probe.userAgent.toLowerCase();
      for (const { entry, pattern } of this.userAgents.values()) {
        if (isActive(entry, nowMs) && pattern.matches(lower)) matches.push(entry);
      }
    }
    return matches;
  }

  /** Signatures in force at `nowMs`. */
  countActive(nowMs: number): number {
    let active = 0;
    for (const entry of this.byId.values()) if (isActive(entry, nowMs)) active++;
    return active;
  }

  /** Drops expired signatures from memory (Check already ignores them); returns how many. */
  sweepExpired(nowMs: number): number {
    const expired: string[] = [];
    for (const entry of this.byId.values()) if (!isActive(entry, nowMs)) expired.push(entry.id);
    for (const id of expired) this.remove(id);
    return expired.length;
  }
}
