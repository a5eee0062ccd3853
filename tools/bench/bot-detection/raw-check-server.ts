/**
 * The raw baseline of the bot-detection benchmark: a plain grpc-js server (no NestJS, no Redis,
 * no index) serving Check over the same mutual TLS, checking the caller's SPIFFE identity the
 * same way, answering ALLOW. Started with `run-ts raw-check-server.ts <tls.json> [answer-after-ms]`;
 * prints `{"port":…}`. With `answer-after-ms` it answers from a timer instead of at once, as a
 * handler that waits for anything (Redis, a disk) does.
 */
import { Server, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { botDetectionV1alpha1 } from '@platform/contracts';
import { callerIdentityOf } from '@platform/platform-kit';
import { readFileSync } from 'node:fs';
import { botDetectionServiceConstructor } from './bot-detection-proto';

const [tlsFile, answerAfterMs] = process.argv.slice(2);
const delayMs = answerAfterMs === undefined ? undefined : Number(answerAfterMs);
const tls = JSON.parse(readFileSync(tlsFile, 'utf8')) as {
  ca: string;
  cert: string;
  key: string;
  trustDomain: string;
};

const server = new Server();
server.addService(botDetectionServiceConstructor().service, {
  check(
    call: ServerUnaryCall<botDetectionV1alpha1.CheckRequest, botDetectionV1alpha1.CheckResponse>,
    callback: sendUnaryData<botDetectionV1alpha1.CheckResponse>,
  ) {
    callerIdentityOf(call, tls.trustDomain);
    const answer = () =>
      callback(null, {
        action: botDetectionV1alpha1.Action.ACTION_ALLOW,
        reasons: [],
        signatureIds: [],
        retryAfterSeconds: 0,
      });
    if (delayMs === undefined) answer();
    else setTimeout(answer, delayMs);
  },
});
server.bindAsync(
  '127.0.0.1:0',
  ServerCredentials.createSsl(
    Buffer.from(tls.ca),
    [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }],
    true,
  ),
  (error, port) => {
    if (error) throw error;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  },
);
