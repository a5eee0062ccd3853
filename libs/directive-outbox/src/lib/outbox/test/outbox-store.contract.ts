import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { commonV1alpha1 } from '@platform/contracts';
import type { OutboxStore } from '../outbox.store';
import { createOutboxEntryFactory, type OutboxEntryFactory } from './outbox-entries';

const POP = 'aws-us-east-1';
const OTHER_POP = 'gcp-europe-west1';

/**
 * What every {@link OutboxStore} must do; run against the Redis store (on a real redis-server)
 * and the in-memory one the dispatcher's unit tests use, so both behave alike.
 */
export function describeOutboxStoreContract(name: string, makeStore: () => Promise<OutboxStore>) {
  describe(`${name} (outbox store contract)`, () => {
    let factory: OutboxEntryFactory;
    let store: OutboxStore;

    beforeAll(async () => {
      factory = await createOutboxEntryFactory();
    });

    beforeEach(async () => {
      store = await makeStore();
    });

    it('keeps a Space queue in enqueue order, with the oldest entry as head', async () => {
      const first = factory.entry(POP, 'acme');
      const second = factory.entry(POP, 'acme');
      await store.add([first]);
      await store.add([second]);

      expect(await store.spacesWithQueued(POP)).toEqual(['acme']);
      const head = await store.head(POP, 'acme');
      expect(head?.directiveId).toBe(first.directiveId);
      expect(head?.state).toBe('queued');
      expect(
        Buffer.from(head?.signed.payload ?? []).equals(Buffer.from(first.signed.payload)),
      ).toBe(true);
      expect(head?.signed.keyId).toBe(first.signed.keyId);
      expect(await store.pops()).toEqual([POP]);
    });

    it('reads the heads of several Spaces at once, undefined where nothing is queued', async () => {
      const acme = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
      const globex = factory.entry(POP, 'globex');
      await store.add([...acme, globex]);
      await store.markAtRelay(POP, 'acme', acme[0].directiveId);

      const heads = await store.heads(POP, ['globex', 'initech', 'acme']);
      expect(heads.map((head) => head?.directiveId)).toEqual([
        globex.directiveId,
        undefined,
        acme[1].directiveId,
      ]);
      expect(heads[2]).toEqual(await store.head(POP, 'acme'));
      expect(await store.heads(POP, [])).toEqual([]);
    });

    it('moves the heads of several Spaces to the at-relay lists at once, each only while it is the head', async () => {
      const acme = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
      const globex = factory.entry(POP, 'globex');
      await store.add([...acme, globex]);

      const moved = await store.markAllAtRelay(POP, [
        { space: 'acme', directiveId: acme[0].directiveId },
        { space: 'globex', directiveId: globex.directiveId },
        { space: 'acme', directiveId: 'not-the-head' },
      ]);

      expect(moved).toEqual([true, true, false]);
      expect(await store.atRelay(POP, 'acme')).toEqual([acme[0].directiveId]);
      expect(await store.atRelay(POP, 'globex')).toEqual([globex.directiveId]);
      expect(await store.spacesWithQueued(POP)).toEqual(['acme']);
      expect((await store.spacesAwaitingAcknowledgement(POP)).sort()).toEqual(['acme', 'globex']);
      expect((await store.head(POP, 'acme'))?.directiveId).toBe(acme[1].directiveId);
      expect(await store.markAllAtRelay(POP, [])).toEqual([]);
    });

    it('stores a directive id once per PoP, however often it is added', async () => {
      const entry = factory.entry(POP, 'acme');
      await store.add([entry, entry]);
      await store.add([entry]);

      expect((await store.pendingFor('acme')).map((p) => p.directiveId)).toEqual([
        entry.directiveId,
      ]);
    });

    it('keeps the same directive for two PoPs apart (both sides of a geo-failover pair)', async () => {
      const primary = factory.entry(POP, 'acme');
      const secondary = { ...primary, pop: OTHER_POP };
      await store.add([primary, secondary]);

      expect((await store.pendingFor('acme')).map((p) => p.pop)).toEqual([POP, OTHER_POP]);
    });

    it('moves the head to the at-relay list only while it is still the head', async () => {
      const [first, second] = [factory.entry(POP, 'acme'), factory.entry(POP, 'acme')];
      await store.add([first, second]);

      expect(await store.markAtRelay(POP, 'acme', second.directiveId)).toBe(false);
      expect(await store.markAtRelay(POP, 'acme', first.directiveId)).toBe(true);
      expect(await store.markAtRelay(POP, 'acme', first.directiveId)).toBe(false);

      expect(await store.atRelay(POP, 'acme')).toEqual([first.directiveId]);
      expect(await store.spacesAwaitingAcknowledgement(POP)).toEqual(['acme']);
      expect((await store.head(POP, 'acme'))?.directiveId).toBe(second.directiveId);
      expect(await store.markAtRelay(POP, 'acme', second.directiveId)).toBe(true);
      expect(await store.spacesWithQueued(POP)).toEqual([]);
    });

    it('counts failed attempts, keeps the last error and clears it once the relay has it', async () => {
      const entry = factory.entry(POP, 'acme');
      await store.add([entry]);
      await store.recordFailure(POP, entry.directiveId, { state: 'queued', error: 'relay away' });
      await store.recordFailure(POP, entry.directiveId, { state: 'refused', error: 'bad payload' });

      expect(await store.pendingFor('acme')).toEqual([
        {
          directiveId: entry.directiveId,
          pop: POP,
          kind: commonV1alpha1.DirectiveKind.DIRECTIVE_KIND_FREEZE,
          emergency: false,
          issuedAt: entry.issuedAt,
          state: 'refused',
          attempts: 2,
          lastError: 'bad payload',
        },
      ]);

      await store.markAtRelay(POP, 'acme', entry.directiveId);
      const [pending] = await store.pendingFor('acme');
      expect(pending).toMatchObject({ state: 'at-relay', attempts: 3 });
      expect(pending?.lastError).toBeUndefined();
    });

    it('removes acknowledged directives oldest first and then ignores them when added again', async () => {
      const entries = [1, 2, 3].map(() => factory.entry(POP, 'acme'));
      await store.add(entries);
      for (const entry of entries) await store.markAtRelay(POP, 'acme', entry.directiveId);
      const [first, second, third] = entries.map((entry) => entry.directiveId);

      // Only a prefix of the at-relay list can leave: the third is not the head.
      expect(await store.removeAcknowledged(POP, 'acme', [third ?? ''])).toBe(0);
      expect(await store.removeAcknowledged(POP, 'acme', [first ?? '', second ?? ''])).toBe(2);

      expect((await store.pendingFor('acme')).map((p) => p.directiveId)).toEqual([third]);
      expect(await store.atRelay(POP, 'acme')).toEqual([third]);
      await store.add([entries[0] ?? factory.entry(POP, 'acme')]);
      expect((await store.pendingFor('acme')).map((p) => p.directiveId)).toEqual([third]);

      await store.removeAcknowledged(POP, 'acme', [third ?? '']);
      expect(await store.spacesAwaitingAcknowledgement(POP)).toEqual([]);
    });

    it('lists a Space pending directives oldest first across PoPs', async () => {
      const onPop = factory.entry(POP, 'acme');
      const onOther = factory.entry(OTHER_POP, 'acme');
      const elsewhere = factory.entry(POP, 'globex');
      await store.add([onPop]);
      await store.add([elsewhere, onOther]);

      expect((await store.pendingFor('acme')).map((p) => [p.pop, p.directiveId])).toEqual([
        [POP, onPop.directiveId],
        [OTHER_POP, onOther.directiveId],
      ]);
      expect(await store.pendingFor('initech')).toEqual([]);
    });
  });
}
