// Only valid zones are remembered: there are a few hundred, while invalid input is unbounded.
const knownZones = new Set<string>();

/**
 * True if `zone` is an IANA time zone name as the runtime's ICU data knows it, spelled with its
 * exact case. UTC offsets are not zones: a maintenance window must follow daylight-saving rules.
 */
export function isIanaTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  if (zone === '' || /^[+-]\d/.test(zone)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  // ICU ignores case; `europe/london` would resolve, but other tools reading the value would not.
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) return false;
  knownZones.add(zone);
  return true;
}
