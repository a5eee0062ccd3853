import { parse } from 'yaml';
import { withReleasePin } from './document-text';

const SPACE = `apiVersion: privatecloud.io/v1
kind: Space
metadata:
  name: acme
spec:
  pop: aws-us-east-1
  release: 2026.45.0 # held back: ticket 42
  maintenanceWindow:
    day: saturday
`;

describe(withReleasePin.name, () => {
  it('changes only the pin, keeping the comment beside it', () => {
    const text = withReleasePin(SPACE, '2026.45.0', '2026.46.0') as string;

    expect(text).toBe(SPACE.replace('release: 2026.45.0', 'release: 2026.46.0'));
    expect((parse(text) as { spec: { release: string } }).spec.release).toBe('2026.46.0');
  });

  it('keeps the quotes a pin was written with', () => {
    const quoted = SPACE.replace('release: 2026.45.0', "release: '2026.45.0'");

    expect(withReleasePin(quoted, '2026.45.0', '2026.46.0')).toContain("release: '2026.46.0' #");
  });

  it('declines text it cannot edit safely, so the caller parses it instead', () => {
    // The pin is not what the caller thinks it is.
    expect(withReleasePin(SPACE, '2026.44.0', '2026.46.0')).toBeUndefined();
    // A second `release:` at the same depth, under another key.
    expect(
      withReleasePin(`${SPACE}status:\n  release: 2026.45.0\n`, '2026.45.0', '2026.46.0'),
    ).toBeUndefined();
    // A flow mapping has no release line at all.
    expect(
      withReleasePin('spec: { release: 2026.45.0 }\n', '2026.45.0', '2026.46.0'),
    ).toBeUndefined();
    // A version YAML would read back as a number.
    expect(withReleasePin(SPACE, '2026.45.0', '2027.1')).toBeUndefined();
  });
});
