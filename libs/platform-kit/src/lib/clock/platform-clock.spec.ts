import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileClock, clockFor, systemClock, virtualTime } from './platform-clock';

describe('FileClock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clock-'));
    file = join(dir, 'clock.json');
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (body: unknown, mtimeSeconds: number) => {
    writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
    utimesSync(file, mtimeSeconds, mtimeSeconds);
  };

  it('runs real time while the file does not exist', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    expect(new FileClock(file).now().toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('follows the virtual time line at its rate', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    write(
      {
        realAnchor: '2026-11-23T10:00:00Z',
        virtualAnchor: '2026-12-01T01:00:00Z',
        rate: 60,
      },
      1000,
    );
    const clock = new FileClock(file);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:00:00.000Z');
    jest.advanceTimersByTime(10_000);
    expect(clock.now().toISOString()).toBe('2026-12-01T01:10:00.000Z');
  });

  it('picks up a new time line when the file changes, and never runs backwards', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    write(
      { realAnchor: '2026-11-23T10:00:00Z', virtualAnchor: '2027-01-01T00:00:00Z', rate: 1 },
      1000,
    );
    const clock = new FileClock(file);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    write(
      { realAnchor: '2026-11-23T10:00:00Z', virtualAnchor: '2026-12-01T00:00:00Z', rate: 1 },
      2000,
    );
    jest.advanceTimersByTime(1_000);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    write(
      { realAnchor: '2026-11-23T10:00:01Z', virtualAnchor: '2027-02-01T00:00:00Z', rate: 1 },
      3000,
    );
    jest.advanceTimersByTime(1_000);
    expect(clock.now().toISOString()).toBe('2027-02-01T00:00:01.000Z');
  });

  it('keeps the previous time line when the file is broken, and says so', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-23T10:00:00Z') });
    write(
      { realAnchor: '2026-11-23T10:00:00Z', virtualAnchor: '2027-01-01T00:00:00Z', rate: 2 },
      1000,
    );
    const problems: string[] = [];
    const clock = new FileClock(file, (message) => problems.push(message));
    clock.now();
    write('{"realAnchor": "2026-11-23T1', 2000);
    jest.advanceTimersByTime(1_000);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:02.000Z');
    expect(problems).toEqual([expect.stringContaining('clock file')]);
    write({ realAnchor: 'yesterday', virtualAnchor: '2027-01-01T00:00:00Z', rate: -1 }, 3000);
    jest.advanceTimersByTime(1_000);
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:04.000Z');
    expect(problems).toHaveLength(2);
  });

  it('is real time when no file is configured', () => {
    expect(clockFor(undefined)).toBe(systemClock);
    expect(clockFor(file)).toBeInstanceOf(FileClock);
  });

  it('computes virtual time from the anchors', () => {
    const timeline = {
      realAnchor: '2026-01-01T00:00:00Z',
      virtualAnchor: '2026-06-01T00:00:00Z',
      rate: 3600,
    };
    expect(new Date(virtualTime(timeline, Date.parse('2026-01-01T00:00:01Z'))).toISOString()).toBe(
      '2026-06-01T01:00:00.000Z',
    );
  });
});
