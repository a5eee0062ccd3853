import { fleetOf, type DevFleet } from './dev-topology';
import { readPlatformFiles, remoteHead } from './gitops-remote-reader';

export interface FleetWatcherOptions {
  remote: string;
  intervalMs: number;
  onProblem: (message: string) => void;
}

/** Called with each new head's fleet, one call at a time. */
export type FleetListener = (fleet: DevFleet, commit: string) => Promise<void>;

/**
 * Follows `main` of the local gitops remote the way Argo CD follows a repository: polls the head,
 * and when it moved, reads the desired state of the new commit and hands it on. A head whose
 * state has problems is reported once and retried (the previous fleet stays meanwhile).
 */
export class FleetWatcher {
  private timer?: NodeJS.Timeout;
  private seen = '';
  private lastProblem = '';
  private running?: Promise<void>;

  constructor(private readonly options: FleetWatcherOptions) {}

  /** Reads the current head once; the launcher starts its first agents from it. */
  async current(): Promise<{ fleet: DevFleet; commit: string }> {
    const commit = await remoteHead(this.options.remote);
    const fleet = fleetOf(await readPlatformFiles(this.options.remote, commit), commit);
    this.seen = commit;
    return { fleet, commit };
  }

  /** Polls from the head {@link FleetWatcher.current} read; `onFleet` hears every later head. */
  start(onFleet: FleetListener): void {
    const loop = () => {
      this.running = this.poll(onFleet).finally(() => {
        if (this.timer) this.timer = setTimeout(loop, this.options.intervalMs);
      });
    };
    this.timer = setTimeout(loop, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async poll(onFleet: FleetListener): Promise<void> {
    try {
      const commit = await remoteHead(this.options.remote);
      if (commit === this.seen) return;
      const fleet = fleetOf(
        await readPlatformFiles(this.options.remote, commit),
        `gitops remote at ${commit.slice(0, 12)}`,
      );
      await onFleet(fleet, commit);
      // Only now: a head whose fleet could not be applied is tried again on the next poll.
      this.seen = commit;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.lastProblem) this.options.onProblem(message);
      this.lastProblem = message;
    }
  }
}
