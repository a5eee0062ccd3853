export * from './grpc-relay.gateway';
export * from './relay-call-error';
export * from './relay.gateway';
