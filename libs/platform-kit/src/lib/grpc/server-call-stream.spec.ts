import { EventEmitter } from 'node:events';
import { http2StreamOf, releaseCallWhenStreamCloses } from './server-call-stream';

/** The shape grpc-js 1.14 gives a unary call: the public call, an intercepting call, the stream. */
function grpcCallOn(stream: EventEmitter) {
  return { call: { nextCall: { stream } } };
}

describe('the HTTP/2 stream under a grpc-js server call', () => {
  it('is found through the call chain, and not found in a shape it does not know', () => {
    const stream = new EventEmitter();

    expect(http2StreamOf(grpcCallOn(stream))).toBe(stream);
    expect(http2StreamOf({ call: { stream } })).toBe(stream);
    expect(http2StreamOf({ call: { somethingElse: stream } })).toBeUndefined();
    expect(http2StreamOf({})).toBeUndefined();
  });

  it("loses grpc-js's listeners, and with them the call, once it has closed", () => {
    const stream = new EventEmitter();
    const heardClose: string[] = [];
    // grpc-js's own listeners, registered before the call reaches the handler.
    stream.on('data', () => undefined);
    stream.once('close', () => heardClose.push('grpc-js'));
    releaseCallWhenStreamCloses(grpcCallOn(stream));

    expect(stream.listenerCount('data')).toBe(1);
    stream.emit('close');

    expect(heardClose).toEqual(['grpc-js']);
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.listenerCount('close')).toBe(0);
    // A late error on a closed stream is absorbed instead of crashing the process.
    expect(() => stream.emit('error', new Error('late'))).not.toThrow();
  });

  it('leaves a call alone when it cannot find the stream', () => {
    expect(() => releaseCallWhenStreamCloses({ call: null })).not.toThrow();
  });
});
