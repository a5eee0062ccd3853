import * as healthV1 from '../generated/grpc/health/v1/health';
import * as botDetectionV1alpha1 from '../generated/platform/botdetection/v1alpha1/bot_detection_service';
import * as controlPlaneV1alpha1 from '../generated/platform/controlplane/v1alpha1/control_plane_service';
import * as relayV1alpha1 from '../generated/platform/relay/v1alpha1/relay_service';
import * as releaseV1alpha1 from '../generated/platform/release/v1alpha1/release_service';
import type { ProtoPackage } from './proto-package';

type GeneratedModule = { protobufPackage: string; protobufFileName: string };

function packageOf(generated: GeneratedModule): ProtoPackage {
  const services = Object.entries(generated)
    .filter(([name]) => name.endsWith('_SERVICE_NAME'))
    .map(([, service]) => `${generated.protobufPackage}.${String(service)}`);
  return {
    packageName: generated.protobufPackage,
    protoFile: generated.protobufFileName,
    services,
  };
}

/** Every gRPC service package of the platform, for server and client bootstrap. */
export const grpcPackages = {
  health: packageOf(healthV1),
  controlPlane: packageOf(controlPlaneV1alpha1),
  release: packageOf(releaseV1alpha1),
  relay: packageOf(relayV1alpha1),
  botDetection: packageOf(botDetectionV1alpha1),
} as const;
