import { protoRoot } from '@platform/contracts';

/**
 * How NestJS parses the contracts at run time. These must match the ts-proto options in
 * buf.gen.yaml: 64-bit numbers and enums arrive as strings and absent fields as defaults,
 * exactly as the generated types say.
 */
export function grpcLoaderOptions() {
  return {
    includeDirs: [protoRoot()],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  };
}
