import fc from 'fast-check';
import { parse } from 'yaml';
import { toYaml } from './yaml-writer';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    'yes',
    'No',
    'ON',
    'off',
    'y',
    '~',
    'null',
    'true',
    '0755',
    '0x1F',
    '1e3',
    '.5',
    '.inf',
    '1_000',
    '1:20',
    '2001-12-14',
    '2026.45.0',
    '250m',
    '- item',
    'a: b',
    'a:',
    'key #comment',
    '#comment',
    '{{path.basename}}',
    'space-*',
    '*alias',
    '&anchor',
    '!tag',
    '@at',
    '`tick',
    '%directive',
    '|',
    '>',
    "'single'",
    '"double"',
    'line\nbreak',
    'tab\there',
    'trailing ',
    'caf\u00e9 \u2028 \u0085',
  ),
);

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e9, max: 1e9 }),
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe(toYaml.name, () => {
  it('writes text that YAML 1.2 and YAML 1.1 readers both read back as the same object', () => {
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 5 }), (object) => {
        const written = toYaml(object);
        expect(parse(written)).toEqual(object);
        expect(parse(written, { version: '1.1' })).toEqual(object);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the key order of the object', () => {
    expect(toYaml({ kind: 'Service', apiVersion: 'v1', metadata: { name: 'api' } })).toBe(
      'kind: Service\napiVersion: v1\nmetadata:\n  name: api\n',
    );
  });

  it('writes plain strings plainly and quotes anything a reader could take for another type', () => {
    const written = toYaml({
      image: 'registry.privatecloud.io/platform/pop-relay:2026.45.0',
      memory: '512Mi',
      cpu: '1',
      version: '2026.45.0',
      enabled: 'yes',
      selector: '{{path.basename}}',
    });
    expect(written).toContain('image: registry.privatecloud.io/platform/pop-relay:2026.45.0\n');
    expect(written).toContain('memory: 512Mi\n');
    expect(written).toContain('cpu: "1"\n');
    expect(written).toContain('version: "2026.45.0"\n');
    expect(written).toContain('enabled: "yes"\n');
    expect(written).toContain('selector: "{{path.basename}}"\n');
  });

  it('writes empty maps and lists inline, as a selector that matches every pod needs', () => {
    expect(toYaml({ podSelector: {}, ingress: [] })).toBe('podSelector: {}\ningress: []\n');
  });

  it('writes lists of maps with the first key on the dash line', () => {
    expect(toYaml({ ports: [{ name: 'grpc', port: 8443 }] })).toBe(
      'ports:\n  - name: grpc\n    port: 8443\n',
    );
  });

  it('leaves out undefined values, as the models do', () => {
    expect(toYaml({ a: 1, b: undefined, c: { d: undefined } })).toBe('a: 1\nc: {}\n');
  });

  it('refuses what YAML cannot hold faithfully', () => {
    expect(() => toYaml({ replicas: Number.NaN })).toThrow(TypeError);
    expect(() => toYaml({ replicas: () => 1 })).toThrow(TypeError);
  });
});
