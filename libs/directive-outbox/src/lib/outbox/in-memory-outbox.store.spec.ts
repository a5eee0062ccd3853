import { describeOutboxStoreContract } from './test/outbox-store.contract';
import { InMemoryOutboxStore } from './test/in-memory-outbox.store';

// The dispatcher's unit tests stand on this double; it must behave like the Redis store.
describeOutboxStoreContract(InMemoryOutboxStore.name, async () => new InMemoryOutboxStore());
