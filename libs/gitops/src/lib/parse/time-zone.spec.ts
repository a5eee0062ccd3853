import { timeZoneProblem } from './time-zone';

describe(timeZoneProblem.name, () => {
  it.each([
    'UTC',
    'Europe/London',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'America/Argentina/Buenos_Aires',
    'Etc/GMT+2',
  ])('accepts the IANA zone %s', (zone) => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  it.each([
    ['Mars/Base', '"Mars/Base" is not an IANA time zone'],
    ['UTC+2', '"UTC+2" is not an IANA time zone'],
    ['+02:00', '"+02:00" is not an IANA time zone: use a zone name, not a UTC offset'],
    ['', '"" is not an IANA time zone'],
    ['utc', '"utc" is not an IANA time zone (did you mean "UTC"?)'],
  ])('rejects %j', (zone, message) => {
    expect(timeZoneProblem(zone)).toBe(message);
  });
});
