/** Redis stream entry ids (`<ms>-<seq>`), compared as numbers. */
export const STREAM_START = '0-0';

export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number);
  const [bMs, bSeq] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : (aSeq ?? 0) - (bSeq ?? 0);
}

/** The time part of an entry id: when Redis appended it. */
export function streamIdMs(id: string): number {
  return Number(id.split('-')[0]);
}
