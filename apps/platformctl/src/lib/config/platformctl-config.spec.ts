import { ConfigFileError } from './config-file.error';
import { parsePlatformctlConfig } from './platformctl-config';

const FILE = '/home/ops/.platform/platformctl.yaml';

describe(parsePlatformctlConfig.name, () => {
  const parse = (text: string) => parsePlatformctlConfig(FILE, text);
  const problem = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (error instanceof ConfigFileError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigFileError');
  };
  const valid = [
    'controlPlane: 127.0.0.1:7001',
    'releaseOrchestrator: 127.0.0.1:7002',
    'tls:',
    '  ca: pki/ca.crt',
    '  cert: /etc/platform/operator.crt',
    '  key: ../keys/operator.key',
  ].join('\n');

  it('reads what `npm start` writes', () => {
    const written = [
      '# Written by `npm start`: how platformctl reaches the local platform.',
      'controlPlane: 127.0.0.1:37799',
      'releaseOrchestrator: 127.0.0.1:45797',
      'tls:',
      '  ca: /work/main/.platform/pki/ca.crt',
      '  cert: /work/main/.platform/pki/operator-dev.crt',
      '  key: /work/main/.platform/pki/operator-dev.key',
      '',
    ].join('\n');

    expect(parse(written)).toEqual({
      file: FILE,
      controlPlane: '127.0.0.1:37799',
      releaseOrchestrator: '127.0.0.1:45797',
      tls: {
        ca: '/work/main/.platform/pki/ca.crt',
        cert: '/work/main/.platform/pki/operator-dev.crt',
        key: '/work/main/.platform/pki/operator-dev.key',
      },
    });
  });

  it("resolves relative paths against the file's folder, not the working directory", () => {
    expect(parse(`${valid}\ntokenFile: secrets/token`)).toMatchObject({
      tls: {
        ca: '/home/ops/.platform/pki/ca.crt',
        cert: '/etc/platform/operator.crt',
        key: '/home/ops/keys/operator.key',
      },
      tokenFile: '/home/ops/.platform/secrets/token',
    });
  });

  it('keeps an inline token and a host name address', () => {
    const config = parse(
      valid.replace('127.0.0.1:7001', 'control-plane.platform.internal:443') + '\ntoken: eyJ.a.b',
    );

    expect(config.controlPlane).toBe('control-plane.platform.internal:443');
    expect(config.token).toBe('eyJ.a.b');
  });

  it("reads each PoP's bot-detection address", () => {
    const config = parse(
      `${valid}\nbotDetection:\n  aws-us-east-1: 127.0.0.1:7101\n  gcp-europe-west1: bd.internal:443`,
    );

    expect(config.botDetection).toEqual({
      'aws-us-east-1': '127.0.0.1:7101',
      'gcp-europe-west1': 'bd.internal:443',
    });
  });

  it('names the file and the position of a YAML syntax error, on one line', () => {
    const message = problem('controlPlane: 127.0.0.1:7001\ntls: { ca: a, cert: b\n');

    expect(message).toMatch(
      /^\/home\/ops\/\.platform\/platformctl\.yaml: line \d+, column \d+: invalid YAML: /,
    );
    expect(message).not.toContain('\n');
  });

  it.each([
    [
      'controlPlane',
      valid.replace('controlPlane: 127.0.0.1:7001\n', ''),
      'controlPlane: is required',
    ],
    ['tls', 'controlPlane: 127.0.0.1:7001', 'tls: is required'],
    ['tls.key', valid.replace('  key: ../keys/operator.key', ''), 'tls.key: is required'],
    ['an empty file', '', 'controlPlane: is required'],
  ])('names a missing field: %s', (_, text, expected) => {
    expect(problem(text)).toBe(`${FILE}: ${expected}`);
  });

  it.each([
    [
      'an address without a port',
      valid.replace('127.0.0.1:7001', '127.0.0.1'),
      'controlPlane: expected host:port',
    ],
    [
      'a port out of range',
      valid.replace('7002', '70000'),
      'releaseOrchestrator: expected host:port',
    ],
    [
      'a bot-detection address without a port',
      `${valid}\nbotDetection:\n  aws-us-east-1: 127.0.0.1`,
      'botDetection.aws-us-east-1: expected host:port',
    ],
    [
      'tls that is not a mapping',
      'controlPlane: 127.0.0.1:7001\ntls: yes',
      'tls: expected a mapping',
    ],
    ['a misspelt field', `${valid}\ntokenfile: x`, 'tokenfile: unknown field'],
    ['a misspelt tls field', valid.replace('  key:', '  keyFile:'), 'tls.keyFile: unknown field'],
    [
      'both token and tokenFile',
      `${valid}\ntoken: a\ntokenFile: b`,
      'tokenFile: set either token or tokenFile, not both',
    ],
    ['a file that is not a mapping', '- a\n- b', '-: expected a mapping'],
  ])('names the field with %s', (_, text, expected) => {
    expect(problem(text)).toMatch(
      new RegExp(
        `^${FILE.replace(/\./g, '\\.')}: ${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });
});
