import { loadSync } from '@grpc/proto-loader';
import { grpcPackages } from './packages';
import { protoRoot } from './proto-package';

describe('grpcPackages', () => {
  it.each(Object.entries(grpcPackages))(
    '%s names a proto file that defines its services',
    (_, definition) => {
      const loaded = loadSync(definition.protoFile, { includeDirs: [protoRoot()] });

      expect(definition.services.length).toBeGreaterThan(0);
      for (const service of definition.services) {
        expect(loaded[service]).toBeDefined();
        expect(service.startsWith(`${definition.packageName}.`)).toBe(true);
      }
    },
  );

  it('lists the platform services by their fully qualified names', () => {
    expect(grpcPackages.relay.services).toEqual(['platform.relay.v1alpha1.RelayService']);
    expect(grpcPackages.controlPlane.services).toEqual([
      'platform.controlplane.v1alpha1.ControlPlaneService',
    ]);
    expect(grpcPackages.health.services).toEqual(['grpc.health.v1.Health']);
  });
});
