import { botDetectionV1alpha1 } from '@platform/contracts';
import { ipSignature } from '../../test/signatures';
import { feedFields, parseFeedFields } from './feed-entry';

describe('feed entries', () => {
  it('carry a batch of signatures, removals and allowlist and rule changes through the stream unchanged', () => {
    const records = [
      ipSignature('a', '192.0.2.0/24'),
      {
        ...ipSignature('b', '10.0.0.0/8'),
        matcher: { kind: 'user-agent' as const, pattern: '*curl/*' },
        action: botDetectionV1alpha1.Action.ACTION_CHALLENGE,
        expiresAtMs: 1_800_000_000_000,
      },
    ];
    expect(parseFeedFields(feedFields({ op: 'set', records }))).toEqual({ op: 'set', records });
    expect(parseFeedFields(feedFields({ op: 'remove', ids: ['a', 'b'] }))).toEqual({
      op: 'remove',
      ids: ['a', 'b'],
    });
    expect(parseFeedFields(feedFields({ op: 'allowlist', space: 'acme-prod' }))).toEqual({
      op: 'allowlist',
      space: 'acme-prod',
    });
    expect(parseFeedFields(feedFields({ op: 'rules', space: 'acme-prod' }))).toEqual({
      op: 'rules',
      space: 'acme-prod',
    });
  });

  it('skips what a newer version might write and this one does not know', () => {
    expect(parseFeedFields(['op', 'rename', 'from', 'a'])).toBeUndefined();
    expect(parseFeedFields(['op', 'remove', 'ids', 'not json'])).toBeUndefined();
    expect(parseFeedFields(['op', 'set', 'data', '["x"]\n'])).toEqual({ op: 'set', records: [] });
  });
});
