import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives the memory of a bulk load back to the system. Loading a million signatures (a snapshot,
 * or a large import arriving through the feed) leaves V8's heap at about twice its live size,
 * and V8 shrinks it only on its own schedule, which in a service that never goes fully idle can
 * be never: the replica would then hold hundreds of megabytes it does not use. One full
 * collection, when the load is over and the feed is quiet, returns them.
 */
export class HeapReclaimer {
  private readonly collect: (() => void) | undefined;

  constructor() {
    // `--expose-gc` at run time: the standard way to reach `gc()` without a command-line flag.
    setFlagsFromString('--expose-gc');
    const collect: unknown = runInNewContext('gc');
    this.collect = typeof collect === 'function' ? () => collect() : undefined;
  }

  reclaim(): void {
    this.collect?.();
  }
}
