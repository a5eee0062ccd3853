import { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { parseSignatureLine, signatureIdFor } from './signature-line';

const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
const ipLine = {
  kind: 'ip',
  value: '203.0.113.0/24',
  category: 'bot',
  action: 'block',
  source: 'feed-x',
};

describe(parseSignatureLine.name, () => {
  it('reads a line in the words people write into the contract’s signature', () => {
    expect(parseSignatureLine(line({ ...ipLine, expiresAt: '2027-01-01T00:00:00Z' }))).toEqual({
      kind: 'signature',
      signature: {
        id: 'ip:203.0.113.0/24',
        ipRange: '203.0.113.0/24',
        source: 'feed-x',
        category: bd.SignatureCategory.SIGNATURE_CATEGORY_BOT,
        action: bd.Action.ACTION_BLOCK,
        expiresAt: { seconds: String(Date.UTC(2027, 0, 1) / 1000), nanos: 0 },
      },
    });
  });

  it('puts each kind in its own match field and keeps a given id', () => {
    const ua = parseSignatureLine(
      line({ ...ipLine, kind: 'user-agent', value: '*python-requests/*', id: 'ua-1' }),
    );
    const fingerprint = parseSignatureLine(
      line({ ...ipLine, kind: 'fingerprint', value: 'f00d', action: 'challenge' }),
    );

    expect(ua).toMatchObject({
      signature: { id: 'ua-1', userAgentPattern: '*python-requests/*' },
    });
    expect(fingerprint).toMatchObject({
      signature: {
        id: 'fingerprint:f00d',
        fingerprintHash: 'f00d',
        action: bd.Action.ACTION_CHALLENGE,
      },
    });
  });

  it('takes the source from --source when the line names none, and the line’s own first', () => {
    const withoutSource: Record<string, unknown> = { ...ipLine, source: undefined };

    expect(parseSignatureLine(line(withoutSource), { source: 'cli' })).toMatchObject({
      signature: { source: 'cli' },
    });
    expect(parseSignatureLine(line(ipLine), { source: 'cli' })).toMatchObject({
      signature: { source: 'feed-x' },
    });
    expect(parseSignatureLine(line(withoutSource))).toEqual({
      kind: 'malformed',
      problem: 'source: is required (or pass --source)',
    });
  });

  it('keeps the time zone and milliseconds of expiresAt', () => {
    expect(
      parseSignatureLine(line({ ...ipLine, expiresAt: '2027-01-01T02:00:00.250+02:00' })),
    ).toMatchObject({
      signature: { expiresAt: { seconds: String(Date.UTC(2027, 0, 1) / 1000), nanos: 250e6 } },
    });
  });

  it.each(['', '   ', '\r'])('treats a blank line (%j) as nothing', (text) => {
    expect(parseSignatureLine(text)).toEqual({ kind: 'blank' });
  });

  it('ignores a byte-order mark and the \\r of a CRLF file', () => {
    expect(parseSignatureLine(`\uFEFF${line(ipLine)}\r`)).toMatchObject({ kind: 'signature' });
  });

  it.each([
    ['text that is not JSON', '{"kind": "ip",', /^not valid JSON \(/],
    ['an array', '["ip"]', /^expected a JSON object, one signature per line$/],
    ['a misspelt field', line({ ...ipLine, expires: 'x' }), /^expires: unknown field$/],
    ['no kind', line({ ...ipLine, kind: undefined }), /^kind: is required$/],
    [
      'an unknown kind',
      line({ ...ipLine, kind: 'cidr' }),
      /^kind: expected one of ip, user-agent, fingerprint \(got "cidr"\)$/,
    ],
    ['an empty value', line({ ...ipLine, value: ' ' }), /^value: must not be empty$/],
    ['a number as value', line({ ...ipLine, value: 42 }), /^value: expected a string$/],
    [
      'allow as action',
      line({ ...ipLine, action: 'allow' }),
      /^action: expected one of challenge, throttle, block \(got "allow"\)$/,
    ],
    [
      'an upper-case category',
      line({ ...ipLine, category: 'BOT' }),
      /^category: expected one of bot, tor, proxy, abuse, scanner/,
    ],
    [
      'an expiry without a time zone',
      line({ ...ipLine, expiresAt: '2027-01-01T00:00:00' }),
      /^expiresAt: expected an ISO 8601 time with a zone/,
    ],
    [
      'an impossible date',
      line({ ...ipLine, expiresAt: '2027-13-45T00:00:00Z' }),
      /^expiresAt: expected an ISO 8601 time/,
    ],
    ['an id past 128 characters', line({ ...ipLine, id: 'x'.repeat(129) }), /^id: is longer/],
  ])('names the field of %s', (_, text, problem) => {
    const parsed = parseSignatureLine(text);

    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.problem).toMatch(problem);
  });
});

describe(signatureIdFor.name, () => {
  it('is <kind>:<value>, and a stable hash of the value past 128 characters', () => {
    const long = `*${'a'.repeat(200)}*`;

    expect(signatureIdFor('ip', '198.51.100.7')).toBe('ip:198.51.100.7');
    expect(signatureIdFor('user-agent', long)).toMatch(/^user-agent:sha256:[0-9a-f]{32}$/);
    expect(signatureIdFor('user-agent', long)).toBe(signatureIdFor('user-agent', long));
    expect(signatureIdFor('user-agent', long)).not.toBe(signatureIdFor('user-agent', `${long}b`));
  });
});
