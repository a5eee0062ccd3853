// Only valid zones are remembered: there are a few hundred of them, while invalid input is unbounded.
const knownZones = new Set<string>();

/**
 * Why `zone` is not an IANA time zone name, or undefined when it is one. The runtime's ICU
 * data is the reference. Aliases (`Asia/Calcutta`, `US/Pacific`) are accepted, but a name that
 * only works because ICU ignores case (`europe/london`) is not, and neither are UTC offsets
 * (`+02:00`, `UTC+2`): a window must follow the zone's daylight-saving rules.
 */
export function timeZoneProblem(zone: string): string | undefined {
  // Constructing a DateTimeFormat is slow enough to matter for 10,000 Spaces sharing a few zones.
  if (knownZones.has(zone)) return undefined;
  const problem = judge(zone);
  if (problem === undefined) knownZones.add(zone);
  return problem;
}

function judge(zone: string): string | undefined {
  const notAZone = `${JSON.stringify(zone)} is not an IANA time zone`;
  if (/^[+-]\d/.test(zone)) return `${notAZone}: use a zone name, not a UTC offset`;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch (error) {
    if (error instanceof RangeError) return notAZone;
    throw error;
  }
  if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) {
    return `${notAZone} (did you mean "${resolved}"?)`;
  }
  return undefined;
}
