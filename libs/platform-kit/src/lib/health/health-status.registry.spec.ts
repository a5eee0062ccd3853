import { healthV1 } from '@platform/contracts';
import { NotFoundError } from '@platform/errors';
import { firstValueFrom, take, toArray } from 'rxjs';
import { HealthController } from './health.controller';
import { HealthStatusRegistry } from './health-status.registry';

const ServingStatus = healthV1.HealthCheckResponse_ServingStatus;
const relay = 'platform.relay.v1alpha1.RelayService';

describe(HealthStatusRegistry.name, () => {
  it('starts NOT_SERVING so nothing routes to a server that is still starting', () => {
    expect(new HealthStatusRegistry().get('')).toBe(ServingStatus.NOT_SERVING);
  });

  it('reports hosted services and nothing else', () => {
    const registry = new HealthStatusRegistry();
    registry.set(relay, ServingStatus.SERVING);

    expect(registry.get(relay)).toBe(ServingStatus.SERVING);
    expect(registry.get('platform.nope.v1.NopeService')).toBeUndefined();
  });

  it('turns everything NOT_SERVING at once when shutdown begins', () => {
    const registry = new HealthStatusRegistry();
    registry.set('', ServingStatus.SERVING);
    registry.set(relay, ServingStatus.SERVING);

    registry.setAll(ServingStatus.NOT_SERVING);

    expect([registry.get(''), registry.get(relay)]).toEqual([
      ServingStatus.NOT_SERVING,
      ServingStatus.NOT_SERVING,
    ]);
  });

  it('streams the status to watchers on every change, starting with SERVICE_UNKNOWN', async () => {
    const registry = new HealthStatusRegistry();
    const seen = firstValueFrom(registry.watch(relay).pipe(take(3), toArray()));

    registry.set(relay, ServingStatus.SERVING);
    registry.set(relay, ServingStatus.SERVING);
    registry.set(relay, ServingStatus.NOT_SERVING);

    await expect(seen).resolves.toEqual([
      ServingStatus.SERVICE_UNKNOWN,
      ServingStatus.SERVING,
      ServingStatus.NOT_SERVING,
    ]);
  });
});

describe(HealthController.name, () => {
  it('answers NOT_FOUND for a service the server does not host, as gRPC health specifies', () => {
    const controller = new HealthController(new HealthStatusRegistry());

    expect(() => controller.check({ service: 'platform.nope.v1.NopeService' })).toThrow(
      NotFoundError,
    );
  });
});
