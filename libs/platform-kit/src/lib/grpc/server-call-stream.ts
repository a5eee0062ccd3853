import type { ServerHttp2Stream } from 'node:http2';

/**
 * The HTTP/2 stream under a grpc-js server call. grpc-js exposes no public way to it: this follows
 * its call chain (`call` → `nextCall`… → `stream`, as in grpc-js 1.14) and gives up, returning
 * undefined, if that shape ever changes.
 */
export function http2StreamOf(call: object): ServerHttp2Stream | undefined {
  let link: unknown = (call as { call?: unknown }).call;
  for (let depth = 0; link !== null && typeof link === 'object' && depth < 8; depth += 1) {
    const stream = (link as { stream?: unknown }).stream;
    if (stream !== undefined) return stream as ServerHttp2Stream;
    link = (link as { nextCall?: unknown }).nextCall;
  }
  return undefined;
}

const ignoreLateError = () => undefined;

/**
 * Once a call's HTTP/2 stream has closed, drops the listeners grpc-js left on it.
 *
 * Why: when a stream closes while its last frames are still being written (under TLS, that is
 * most answers sent after the request's own turn of the event loop), Node 20 leaves its native
 * handle to the garbage collector, and the handle still reaches the stream. Young-generation
 * collections keep such handles, so under load each closed stream survives into the old
 * generation, and through grpc-js's listeners it takes the whole call with it: metadata (its
 * header values are external strings, which full collections free one by one), request, decoder.
 * Without the listeners only the stream itself is kept: measured on a plain grpc-js server
 * answering after 1 ms at 8,000 calls/s, 0.65 MB promoted per young collection instead of 2.2.
 */
export function releaseCallWhenStreamCloses(call: object): void {
  const stream = http2StreamOf(call);
  if (!stream) return;
  // Registered after grpc-js's own 'close' listener, so it runs after it.
  stream.once('close', () => {
    stream.removeAllListeners();
    // A closed stream emits nothing more; should it, an error must not crash the process.
    stream.on('error', ignoreLateError);
  });
}
