import { status } from '@grpc/grpc-js';
import type { botDetectionV1alpha1 as bd } from '@platform/contracts';
import { createTempDir } from '@platform/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GrpcCallError } from '../control-plane/grpc-call.error';
import type { BotDetectionApi } from './bot-detection.client';
import { describeProgress, listrProgress, noProgress } from './import-progress';
import { importSignatures } from './import-signatures';
import { newTally } from './import-tally';
import { openSignatureInput } from './signature-input';

const ip = (value: string) =>
  JSON.stringify({ kind: 'ip', value, category: 'abuse', action: 'block', source: 'test' });

/** Takes the batches as a service would, refusing the ranges `refuse` names. */
function fakeService(refuse: (signature: bd.Signature) => boolean = () => false) {
  const received: bd.Signature[][] = [];
  const api: BotDetectionApi = {
    call: () => Promise.reject(new Error('not used')),
    async importSignatures(batches, sent) {
      const answer: bd.ImportSignaturesResponse = { imported: 0, rejected: 0, rejections: [] };
      for await (const batch of batches) {
        received.push(batch);
        sent(batch.length);
        for (const signature of batch) {
          if (!refuse(signature)) answer.imported += 1;
          else {
            answer.rejected += 1;
            answer.rejections.push({
              signatureId: signature.id,
              problem: 'ip_range: not an IP address or CIDR range',
            });
          }
        }
      }
      return answer;
    },
  };
  return { api, received };
}

describe(importSignatures.name, () => {
  const temp = createTempDir('platformctl-import');
  const dir = temp.path;
  afterAll(() => temp.remove());
  const file = (name: string, lines: string[]) => {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    return name;
  };

  it('streams the file in batches and finds the lines of the signatures the service refused', async () => {
    const lines = Array.from({ length: 2100 }, (_, n) => ip(`10.1.${n >> 8}.${n & 255}`));
    lines[1500] = ip('999.0.0.1');
    lines[7] = '{"kind":"ip"';
    const { api, received } = fakeService((signature) => signature.ipRange === '999.0.0.1');
    const input = await openSignatureInput(file('feed.jsonl', lines), dir);

    const summary = await importSignatures(api, { pop: 'aws-us-east-1', input }, noProgress);

    expect(received.map((batch) => batch.length)).toEqual([1000, 1000, 99]);
    expect(summary).toMatchObject({ lines: 2100, sent: 2099, accepted: 2098, rejected: 2 });
    expect(summary.problems).toEqual([
      { line: 8, problem: expect.stringMatching(/^not valid JSON/) },
      { line: 1501, id: 'ip:999.0.0.1', problem: 'ip_range: not an IP address or CIDR range' },
    ]);
  });

  it('reads standard input, where a refusal keeps its id but cannot get a line', async () => {
    const { Readable } = await import('node:stream');
    const stdin = Readable.from([`${ip('10.0.0.1')}\n${ip('999.0.0.1')}\n`]);
    const { api } = fakeService((signature) => signature.ipRange === '999.0.0.1');

    const summary = await importSignatures(
      api,
      { pop: 'aws-us-east-1', input: await openSignatureInput('-', dir, stdin) },
      noProgress,
    );

    expect(summary).toMatchObject({ input: '-', lines: 2, accepted: 1 });
    expect(summary.problems).toEqual([
      { id: 'ip:999.0.0.1', problem: 'ip_range: not an IP address or CIDR range' },
    ]);
  });

  it('fails before sending anything when the file cannot be read', async () => {
    await expect(openSignatureInput('missing.jsonl', dir)).rejects.toThrow(
      'missing.jsonl: cannot read the file (ENOENT)',
    );
  });

  it('says that batches sent before an RPC error may be stored', async () => {
    const api: BotDetectionApi = {
      call: () => Promise.reject(new Error('not used')),
      async importSignatures(batches, sent) {
        for await (const batch of batches) {
          sent(batch.length);
          throw new GrpcCallError(status.UNAVAILABLE, 'redis is down');
        }
        throw new Error('no batch');
      },
    };
    const input = await openSignatureInput(
      file('two.jsonl', [ip('10.0.0.1'), ip('10.0.0.2')]),
      dir,
    );

    const failure = importSignatures(api, { pop: 'p', input }, noProgress);

    await expect(failure).rejects.toThrow(
      'UNAVAILABLE: redis is down (2 signatures were sent before the failure and may be stored: imports are not atomic)',
    );
    await expect(failure).rejects.toBeInstanceOf(GrpcCallError);
  });

  it('shows progress through listr2 and closes with the outcome', async () => {
    const { Writable } = await import('node:stream');
    let shown = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        shown += chunk.toString();
        done();
      },
    });
    const input = await openSignatureInput(file('one.jsonl', [ip('10.0.0.1')]), dir);

    await importSignatures(
      fakeService().api,
      { pop: 'aws-us-east-1', input },
      listrProgress(stream),
    );

    expect(shown).toContain('Importing signatures from one.jsonl into aws-us-east-1');
    expect(shown).toContain('Imported signatures into aws-us-east-1: 1 accepted, 0 rejected');
  });
});

describe(describeProgress.name, () => {
  it('gives lines read, sent, malformed and the rate', () => {
    const tally = { ...newTally(), lines: 3000, sent: 2990, malformed: 10 };

    expect(describeProgress(tally, 1500)).toBe(
      'lines 3000 · sent 2990 · malformed 10 · 2000 lines/s',
    );
  });
});
