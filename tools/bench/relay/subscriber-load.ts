/**
 * The relay benchmark's load process: Space agents without the agent. Started with
 * `run-ts subscriber-load.ts <pki.json> <first> <count>`, it issues one certificate per Space
 * of its slice (each stream must present its own Space's certificate; the relay checks it), then
 * takes commands as JSON lines on stdin and answers with JSON lines on stdout:
 *
 * - `{"cmd":"open","address":"127.0.0.1:1234","count":500}`: one grpc-js client (channel, TLS
 *   connection) per Space for the first `count` Spaces of the slice, each opening a Subscribe
 *   stream once its channel is READY; answers `{"t":"opened","ms":…}`.
 * - `{"cmd":"close"}`: cancels every stream and closes every channel; answers `{"t":"closed"}`.
 *
 * Every delivery is reported as `{"t":"recv","ids":[…],"at":[…]}` (batched every 50 ms), with
 * the receive time from {@link nowMs}; streams that end report `{"t":"ended",…}`.
 */
import type { Client, ClientReadableStream } from '@grpc/grpc-js';
import { createCertificateAuthority, issueCertificate } from '@platform/pki';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { mtls, nowMs, relayServiceConstructor, spaceName, type TlsPem } from './relay-proto';

type CertificateAuthority = Awaited<ReturnType<typeof createCertificateAuthority>>;

interface OpenCommand {
  cmd: 'open';
  address: string;
  count: number;
}
type Command = OpenCommand | { cmd: 'close' };

interface SubscribeClient extends Client {
  subscribe(request: { space: string; resumeAfter: string }): ClientReadableStream<{
    directiveId: string;
  }>;
}

const CONNECT_CONCURRENCY = 64;
const CONNECT_TIMEOUT_MS = 60_000;

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const [pkiFile, firstArg, countArg] = process.argv.slice(2);
  const { ca, trustDomain } = JSON.parse(readFileSync(pkiFile, 'utf8')) as {
    ca: CertificateAuthority;
    trustDomain: string;
  };
  const first = Number(firstArg);
  const total = Number(countArg);

  const issueStarted = nowMs();
  const certificates: TlsPem[] = new Array<TlsPem>(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < total) {
        const index = next++;
        const issued = await issueCertificate(ca, {
          identity: {
            trustDomain,
            tier: 'space',
            space: spaceName(first + index),
            service: 'space-agent',
          },
          validityDays: 1,
        });
        certificates[index] = {
          ca: ca.certificatePem,
          cert: issued.certificatePem,
          key: issued.privateKeyPem,
        };
      }
    }),
  );
  send({ t: 'ready', certificates: total, issueMs: nowMs() - issueStarted });

  const RelayService = relayServiceConstructor();
  let clients: SubscribeClient[] = [];
  let calls: ClientReadableStream<unknown>[] = [];
  let closing = false;
  let ids: string[] = [];
  let at: number[] = [];
  const flush = () => {
    if (ids.length === 0) return;
    send({ t: 'recv', ids, at });
    ids = [];
    at = [];
  };
  setInterval(flush, 50).unref();

  const open = async ({ address, count }: OpenCommand) => {
    if (count > total) throw new Error(`asked for ${count} streams; this slice has ${total}`);
    closing = false;
    const started = nowMs();
    let cursor = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: CONNECT_CONCURRENCY }, async () => {
        while (cursor < count) {
          const index = cursor++;
          const space = spaceName(first + index);
          const client = new RelayService(address, mtls(certificates[index]), {
            // One channel per certificate: grpc-js keys its shared subchannel pool by the
            // credentials, so every Space gets its own TCP+TLS connection anyway.
            'grpc.use_local_subchannel_pool': 1,
          }) as unknown as SubscribeClient;
          clients.push(client);
          const ready = await new Promise<Error | undefined>((resolve) =>
            client.waitForReady(Date.now() + CONNECT_TIMEOUT_MS, resolve),
          );
          if (ready) {
            failed += 1;
            send({ t: 'ended', space, code: -1, details: `not ready: ${ready.message}` });
            continue;
          }
          const call = client.subscribe({ space, resumeAfter: '' });
          call.on('data', (delivery: { directiveId: string }) => {
            ids.push(delivery.directiveId);
            at.push(nowMs());
          });
          call.on('error', (error: { code?: number; details?: string }) => {
            if (!closing) send({ t: 'ended', space, code: error.code, details: error.details });
          });
          call.on('end', () => {
            if (!closing) send({ t: 'ended', space, code: 0, details: 'completed' });
          });
          calls.push(call);
        }
      }),
    );
    send({
      t: 'opened',
      streams: calls.length,
      failed,
      ms: nowMs() - started,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    });
  };

  const close = () => {
    closing = true;
    flush();
    for (const call of calls) call.cancel();
    for (const client of clients) client.close();
    calls = [];
    clients = [];
    send({ t: 'closed' });
  };

  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === '') continue;
    const command = JSON.parse(line) as Command;
    if (command.cmd === 'open') await open(command);
    else close();
  }
  // stdin closed: the benchmark is gone.
  process.exit(0);
}

main().catch((error: unknown) => {
  send({ t: 'fatal', message: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
});
