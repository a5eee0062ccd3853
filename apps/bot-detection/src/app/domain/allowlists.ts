import type { IpAddress, IpRange } from './ip-address';
import { PrefixTable } from './prefix-table';

export const MAX_ALLOWLIST_ENTRIES = 100;
export const MAX_ALLOWLIST_COMMENT_LENGTH = 200;

/** One allowlist entry as stored: the normalized range text is its identity. */
export interface AllowlistRecord {
  ipRange: string;
  comment: string;
  addedAtMs: number;
}

/** Every Space's allowlist in memory, so Check consults it without a Redis round trip. */
export class Allowlists {
  private readonly bySpace = new Map<
    string,
    { records: AllowlistRecord[]; table: PrefixTable<true> }
  >();

  /** Replaces a Space's list with what the store holds now. */
  replace(space: string, entries: readonly { record: AllowlistRecord; range: IpRange }[]): void {
    if (entries.length === 0) {
      this.bySpace.delete(space);
      return;
    }
    const table = new PrefixTable<true>();
    for (const { range } of entries) table.add(PrefixTable.slotOf(range), true);
    this.bySpace.set(space, { records: entries.map((entry) => entry.record), table });
  }

  allows(space: string, ip: IpAddress): boolean {
    const list = this.bySpace.get(space);
    if (!list) return false;
    let found = false;
    list.table.forEachMatch(ip, () => (found = true));
    return found;
  }

  clear(): void {
    this.bySpace.clear();
  }
}
