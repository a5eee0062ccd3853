import { parse } from 'yaml';
import type { Space } from './desired-state';
import { documentText } from './document-text';

const written = `apiVersion: privatecloud.io/v1
kind: Space
metadata:
  name: acme
spec:
  pop: aws-us-east-1
  tier: performance # the customer pays for dedicated nodes
  channel: prod
  release: 2026.45.0
  maintenanceWindow:
    # Local time in the customer's zone.
    day: saturday
    start: '02:00'
    timeZone: America/New_York
    durationMinutes: 120
  addOns:
    pci: false
    geoFailover:
      secondaryPop: gcp-europe-west1
      active: primary
`;

describe(documentText.name, () => {
  const before = parse(written) as Space;

  it('edits only the values that changed and keeps every comment', () => {
    const after: Space = {
      ...before,
      spec: {
        ...before.spec,
        tier: 'performance-plus',
        maintenanceWindow: { ...before.spec.maintenanceWindow, start: '03:30' },
      },
    };
    const text = documentText(after, written);
    expect(parse(text)).toEqual(after);
    expect(text).toContain("# Local time in the customer's zone.");
    expect(text).toContain('tier: performance-plus # the customer pays for dedicated nodes');
    expect(text).toContain("start: '03:30'");
  });

  it('removes what the document no longer holds and adds what is new', () => {
    const withoutGeo: Space = { ...before, spec: { ...before.spec, addOns: { pci: true } } };
    expect(parse(documentText(withoutGeo, written))).toEqual(withoutGeo);
    expect(parse(documentText(before, documentText(withoutGeo, written)))).toEqual(before);
  });

  it('writes a new file, or rewrites one YAML cannot read, as plain YAML of the document', () => {
    expect(parse(documentText(before))).toEqual(before);
    expect(parse(documentText(before, 'spec: [unclosed'))).toEqual(before);
  });
});
