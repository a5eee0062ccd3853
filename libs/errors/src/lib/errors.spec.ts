import { InvalidArgumentError, NotFoundError, PlatformError } from '../index';

describe(PlatformError.name, () => {
  it('names the field and the problem in an invalid-argument message', () => {
    const error = new InvalidArgumentError(
      'spec.maintenanceWindow.timeZone',
      'unknown time zone "Mars/Base"',
    );

    expect(error.message).toBe('spec.maintenanceWindow.timeZone: unknown time zone "Mars/Base"');
    expect(error.field).toBe('spec.maintenanceWindow.timeZone');
    expect(error.kind).toBe('invalid-argument');
  });

  it('keeps the class name and the cause so logs show what really failed', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new NotFoundError('space "acme" not found', { cause });

    expect(error).toBeInstanceOf(PlatformError);
    expect(error.name).toBe('NotFoundError');
    expect(error.cause).toBe(cause);
  });
});
