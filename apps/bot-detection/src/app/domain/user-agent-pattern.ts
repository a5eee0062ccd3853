/**
 * A case-insensitive glob over a whole User-Agent: `*` matches any run of characters, every
 * other character matches itself. Compiled to literal segments checked with `indexOf`, so a
 * hostile pattern cannot make matching backtrack the way a regular expression could.
 */
export class UserAgentPattern {
  private readonly segments: readonly string[];

  constructor(readonly pattern: string) {
    this.segments = pattern.toLowerCase().split('*');
  }

  /** `lowerCaseUserAgent` must already be lowercase (done once per Check, not per pattern). */
  matches(lowerCaseUserAgent: string): boolean {
    const segments = this.segments;
    const text = lowerCaseUserAgent;
    if (segments.length === 1) return text === segments[0];
    const first = segments[0];
    const last = segments[segments.length - 1];
    if (text.length < first.length + last.length) return false;
    if (!text.startsWith(first) || !text.endsWith(last)) return false;
    let position = first.length;
    const end = text.length - last.length;
    for (let index = 1; index < segments.length - 1; index++) {
      const segment = segments[index];
      if (segment === '') continue;
      const found = text.indexOf(segment, position);
      if (found === -1 || found + segment.length > end) return false;
      position = found + segment.length;
    }
    return true;
  }
}
