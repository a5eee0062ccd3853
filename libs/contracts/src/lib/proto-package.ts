import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A gRPC package as NestJS loads it at run time: its name and its file under the proto root. */
export interface ProtoPackage {
  packageName: string;
  protoFile: string;
  /** Fully qualified names of the services it defines, as gRPC health reports them. */
  services: readonly string[];
}

/**
 * Where the `.proto` files live. NestJS parses them at run time (proto-loader), so they ship
 * with every service: `PLATFORM_PROTO_ROOT` points at them in an image; in the repository
 * they are found by walking up to `proto/`.
 */
export function protoRoot(): string {
  const configured = process.env['PLATFORM_PROTO_ROOT'];
  if (configured) return resolve(configured);
  for (let dir = __dirname; ; dir = resolve(dir, '..')) {
    const candidate = join(dir, 'proto');
    if (existsSync(join(candidate, 'buf.yaml'))) return candidate;
    if (dir === resolve(dir, '..')) {
      throw new Error('proto/ not found above the contracts library; set PLATFORM_PROTO_ROOT');
    }
  }
}
