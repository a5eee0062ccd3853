// Generated modules are exported as namespaces: each one declares its own `protobufPackage`.
export * as healthV1 from './generated/grpc/health/v1/health';
export * as commonV1alpha1 from './generated/platform/common/v1alpha1/common';
export * as controlPlaneV1alpha1 from './generated/platform/controlplane/v1alpha1/control_plane_service';
export * as releaseV1alpha1 from './generated/platform/release/v1alpha1/release_service';
export * as relayV1alpha1 from './generated/platform/relay/v1alpha1/relay_service';
export * as directiveV1alpha1 from './generated/platform/relay/v1alpha1/directive';
export * as botDetectionV1alpha1 from './generated/platform/botdetection/v1alpha1/bot_detection_service';
export * from './lib/proto-package';
export * from './lib/packages';
