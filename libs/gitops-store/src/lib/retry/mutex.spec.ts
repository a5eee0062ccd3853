import { Mutex } from './mutex';

describe(Mutex.name, () => {
  it('runs tasks one at a time in submission order, even when one fails', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      mutex.run(task('a')),
      mutex.run(task('b', true)),
      mutex.run(task('c')),
    ]);

    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
