import { CheckBatch } from './check-batch';

const keys = (n: number) => [`bf${n}`, `fail${n}`, `signup${n}`];
const args = (n: number) => [n, 'login', `ip${n}`, '1', '1', 0, 0, 0];

describe(CheckBatch.name, () => {
  it('sends the attempts of one event-loop turn as one call, in order, and gives each its own result', async () => {
    const calls: { keys: string[]; args: (string | number)[] }[] = [];
    const batch = new CheckBatch(async (k, a) => {
      calls.push({ keys: k, args: a });
      return [1, 0, 0, 0, 5000, 0, 0, 0, 1200];
    }, 1000);
    const results = await Promise.all([0, 1, 2].map((n) => batch.add(keys(n), args(n))));
    expect(calls).toHaveLength(1);
    expect(calls[0].keys).toEqual([...keys(0), ...keys(1), ...keys(2)]);
    expect(calls[0].args).toEqual([...args(0), ...args(1), ...args(2)]);
    expect(results).toEqual([
      { bruteForceBlocked: true, failedLoginRetryMs: 0, signupRetryMs: 0 },
      { bruteForceBlocked: false, failedLoginRetryMs: 5000, signupRetryMs: 0 },
      { bruteForceBlocked: false, failedLoginRetryMs: 0, signupRetryMs: 1200 },
    ]);
    await batch.add(keys(3), args(3)).catch(() => undefined);
    expect(calls).toHaveLength(2);
  });

  it('answers "deadline" to every attempt of a batch Redis has not answered in time', async () => {
    const batch = new CheckBatch(() => new Promise(() => undefined), 5);
    await expect(
      Promise.all([batch.add(keys(0), args(0)), batch.add(keys(1), args(1))]),
    ).resolves.toEqual(['deadline', 'deadline']);
  });

  it('fails every attempt of a batch whose call failed', async () => {
    const batch = new CheckBatch(() => Promise.reject(new Error('connection lost')), 1000);
    const attempts = [batch.add(keys(0), args(0)), batch.add(keys(1), args(1))];
    for (const attempt of attempts) await expect(attempt).rejects.toThrow('connection lost');
  });
});
