import { Injectable } from '@nestjs/common';
import { healthV1 } from '@platform/contracts';
import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';

const ServingStatus = healthV1.HealthCheckResponse_ServingStatus;
type ServingStatus = healthV1.HealthCheckResponse_ServingStatus;

/**
 * The serving status of this process ('' is the whole server, as gRPC health defines) and of
 * each gRPC service it hosts. Starts NOT_SERVING; the bootstrap marks it SERVING once the
 * server listens and NOT_SERVING again when shutdown begins, so load balancers drain first.
 */
@Injectable()
export class HealthStatusRegistry {
  private readonly statuses = new BehaviorSubject<ReadonlyMap<string, ServingStatus>>(
    new Map([['', ServingStatus.NOT_SERVING]]),
  );

  /** Registers (or updates) the status of a fully qualified service name. */
  set(service: string, status: ServingStatus): void {
    const next = new Map(this.statuses.value);
    next.set(service, status);
    this.statuses.next(next);
  }

  /** Sets every known service, and the server itself, to one status. */
  setAll(status: ServingStatus): void {
    this.statuses.next(
      new Map([...this.statuses.value.keys()].map((service) => [service, status])),
    );
  }

  /** The current status, or undefined when the service is not hosted here. */
  get(service: string): ServingStatus | undefined {
    return this.statuses.value.get(service);
  }

  /** The status now and on every change; SERVICE_UNKNOWN while the service is not registered. */
  watch(service: string): Observable<ServingStatus> {
    return this.statuses.pipe(
      map((statuses) => statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN),
      distinctUntilChanged(),
    );
  }
}
