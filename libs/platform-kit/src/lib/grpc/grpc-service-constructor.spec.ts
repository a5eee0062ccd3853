import { grpcPackages, relayV1alpha1 } from '@platform/contracts';
import { grpcServiceConstructor } from './grpc-service-constructor';

describe('a contracts service for plain grpc-js', () => {
  it('carries the methods of the service, with their gRPC paths', () => {
    const relay = grpcServiceConstructor(grpcPackages.relay, relayV1alpha1.RELAY_SERVICE_NAME);

    expect(relay.service['Publish']?.path).toBe('/platform.relay.v1alpha1.RelayService/Publish');
    expect(relay.service['PublishBatch']?.requestStream).toBe(false);
  });

  it('names what it could not find', () => {
    expect(() => grpcServiceConstructor(grpcPackages.relay, 'SignedDirective')).toThrow(
      'platform.relay.v1alpha1.SignedDirective is not a service of',
    );
    expect(() => grpcServiceConstructor(grpcPackages.relay, 'NoSuchService')).toThrow(
      'platform.relay.v1alpha1.NoSuchService is not a service of',
    );
  });
});
