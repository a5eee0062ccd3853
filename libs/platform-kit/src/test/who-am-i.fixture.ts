import type { Metadata } from '@grpc/grpc-js';
import { Controller, Module } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { ProtoPackage } from '@platform/contracts';
import { ConflictError, NotFoundError } from '@platform/errors';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import { createGrpcServiceClient } from '../lib/grpc/grpc-service-client';
import type { TlsMaterial } from '../lib/tls/tls-material';
import type { WorkloadIdentity } from '@platform/pki';
import { verifiedCaller } from '../lib/identity/mutual-tls-identity.guard';

export interface WhoAmIRequest {
  delayMs: number;
  failWith: string;
}

export interface WhoAmIResponse {
  tier: string;
  name: string;
  trustDomain: string;
}

export interface WhoAmIServiceClient {
  whoAmI(request: Partial<WhoAmIRequest>): Observable<WhoAmIResponse>;
}

export const whoAmIPackage: ProtoPackage = {
  packageName: 'platform.testing.v1',
  protoFile: join(__dirname, 'who-am-i.proto'),
  services: ['platform.testing.v1.WhoAmIService'],
};

const failures = {
  'not-found': () => new NotFoundError('space "ghost" not found'),
  conflict: () => new ConflictError('the remote moved on'),
  bug: () => new TypeError('cannot read properties of undefined'),
} as const;

/** One WhoAmI call on its own connection. */
export function callWhoAmI(
  address: string,
  tls: TlsMaterial,
  request: Partial<WhoAmIRequest> = {},
): Promise<WhoAmIResponse> {
  const { client, close } = createGrpcServiceClient<WhoAmIServiceClient>({
    address,
    protoPackage: whoAmIPackage,
    serviceName: 'WhoAmIService',
    tls,
  });
  return firstValueFrom(client.whoAmI(request)).finally(close);
}

/** WhoAmI's answer, whichever way the call reached it (NestJS or a direct grpc-js method). */
export async function answerWhoAmI(
  caller: WorkloadIdentity,
  request: WhoAmIRequest,
): Promise<WhoAmIResponse> {
  if (request.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, request.delayMs));
  const failure = failures[request.failWith as keyof typeof failures];
  if (failure) throw failure();
  const name =
    caller.tier === 'operator'
      ? caller.name
      : caller.tier === 'space'
        ? caller.space
        : caller.service;
  return { tier: caller.tier, name, trustDomain: caller.trustDomain };
}

@Controller()
export class WhoAmIController {
  @GrpcMethod('WhoAmIService', 'WhoAmI')
  whoAmI(request: WhoAmIRequest, metadata?: Metadata): Promise<WhoAmIResponse> {
    return answerWhoAmI(verifiedCaller(metadata), request);
  }
}

@Module({ controllers: [WhoAmIController] })
export class WhoAmIModule {}
