import type { relayV1alpha1 } from '@platform/contracts';
import { ConflictError, UnavailableError } from '@platform/errors';
import { createLogger } from '@platform/platform-kit';
import { Observable } from 'rxjs';
import type { StoredDirective } from './directive-stream.repository';
import { LiveSubscription, type DirectiveReader } from './live-subscription';

/** An in-memory stream with ids `1-0`, `2-0`, … and a reader that answers after a tick. */
function fakeStream() {
  const entries: StoredDirective[] = [];
  let failing = false;
  const read: DirectiveReader = async (after, count) => {
    await new Promise((resolve) => setImmediate(resolve));
    if (failing) throw new UnavailableError('redis down');
    const from = after === undefined ? 0 : Number(after.split('-')[0]);
    return entries.filter((entry) => Number(entry.deliveryId.split('-')[0]) > from).slice(0, count);
  };
  return {
    read,
    append(count: number) {
      for (let index = 0; index < count; index += 1) {
        const deliveryId = `${entries.length + 1}-0`;
        entries.push({
          deliveryId,
          directiveId: `d-${deliveryId}`,
          directive: { payload: Buffer.from(deliveryId), signature: Buffer.alloc(64), keyId: 'k' },
        });
      }
    },
    fail(value: boolean) {
      failing = value;
    },
  };
}

function open(read: DirectiveReader) {
  const received: string[] = [];
  let ended: unknown;
  let live!: LiveSubscription;
  new Observable<relayV1alpha1.SubscribeResponse>((sink) => {
    live = new LiveSubscription('acme', sink, read, createLogger('test', 'silent'));
  }).subscribe({
    next: (delivery) => received.push(delivery.deliveryId),
    error: (error: unknown) => (ended = error),
  });
  return { live, received, ended: () => ended };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe(LiveSubscription.name, () => {
  it('sends every entry once and in order, however often and whenever drains are triggered', async () => {
    const stream = fakeStream();
    stream.append(150);
    const { live, received } = open(stream.read);

    live.start(undefined);
    for (let round = 0; round < 20; round += 1) {
      stream.append(7);
      live.drain();
      live.drain();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await settle();

    expect(received).toEqual(Array.from({ length: 290 }, (_, index) => `${index + 1}-0`));
  });

  it('starts after the cursor it is given', async () => {
    const stream = fakeStream();
    stream.append(5);
    const { live, received } = open(stream.read);

    live.start('3-0');
    await settle();

    expect(received).toEqual(['4-0', '5-0']);
  });

  it('keeps its place through a failed read and delivers on the next trigger', async () => {
    const stream = fakeStream();
    stream.append(2);
    const { live, received, ended } = open(stream.read);
    live.start(undefined);
    await settle();

    stream.fail(true);
    stream.append(1);
    live.drain();
    await settle();
    stream.fail(false);
    live.drain();
    await settle();

    expect(received).toEqual(['1-0', '2-0', '3-0']);
    expect(ended()).toBeUndefined();
  });

  it('sends nothing more once ended, and ends the stream with the given error', async () => {
    const stream = fakeStream();
    const { live, received, ended } = open(stream.read);
    live.start(undefined);
    const error = new ConflictError('replaced');

    live.end(error);
    stream.append(3);
    live.drain();
    await settle();

    expect(received).toEqual([]);
    expect(ended()).toBe(error);
    expect(live.isOpen).toBe(false);
  });
});
