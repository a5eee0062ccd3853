import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SERVICE_LOGGER, type Logger } from '@platform/platform-kit';
import { Allowlists, type AllowlistRecord } from '../domain/allowlists';
import { parseIpRange, type IpRange } from '../domain/ip-address';
import { SignatureIndex } from '../domain/signature-index';
import { SpaceRulesTable } from '../domain/space-rules-table';
import { SpaceRulesStore } from '../rules/space-rules.store';
import { BotDetectionMetrics } from '../bot-detection.metrics';
import { Clock } from '../clock';
import { AllowlistStore } from './allowlist.store';
import type { FeedChange } from './feed-entry';
import { HeapReclaimer } from './heap-reclaimer';
import { SignatureState } from './signature-state';
import { SignatureStore } from './signature.store';
import { compareStreamIds, STREAM_START, streamIdMs } from './stream-id';

const BLOCK_MS = 500;
const ENTRIES_PER_READ = 20;
const RETRY_MS = 250;
const SWEEP_INTERVAL_MS = 60_000;
/** How long start-up waits for the first snapshot before serving from an empty index. */
const STARTUP_SNAPSHOT_WAIT_MS = 15_000;
/** Signatures applied from the feed after which a quiet feed is a moment to give memory back. */
const RECLAIM_AFTER_SIGNATURES = 100_000;

/**
 * Keeps this replica's index in step with the PoP's database: loads a snapshot (noting the feed
 * position first, so nothing written meanwhile is lost: it is replayed, and every change is
 * idempotent), then follows the feed from its own position. After an outage it checks that its
 * position is still on the feed; if entries it had not read were trimmed, or Redis came back
 * without them, it reloads a snapshot.
 */
@Injectable()
export class FeedFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private position = STREAM_START;
  private stopped = false;
  private running: Promise<void> | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly heap = new HeapReclaimer();
  private appliedSinceReclaim = 0;

  constructor(
    private readonly state: SignatureState,
    private readonly signatures: SignatureStore,
    private readonly allowlists: AllowlistStore,
    private readonly spaceRules: SpaceRulesStore,
    private readonly metrics: BotDetectionMetrics,
    private readonly clock: Clock,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    metrics.countSignaturesWith(() => state.signatures.size);
  }

  /** The id of the last feed entry applied. */
  get feedPosition(): string {
    return this.position;
  }

  async onApplicationBootstrap(): Promise<void> {
    const firstSnapshot = new Promise<void>((resolve) => {
      this.running = this.follow(resolve);
    });
    const timer = new Promise<void>((resolve) =>
      setTimeout(resolve, STARTUP_SNAPSHOT_WAIT_MS).unref(),
    );
    await Promise.race([firstSnapshot, timer]);
    if (!this.state.loaded) {
      this.logger.warn(
        'no signature snapshot yet (Redis unreachable): serving without signatures until it loads',
      );
    }
    this.sweeper = setInterval(
      () => this.state.signatures.sweepExpired(this.clock.nowMs()),
      SWEEP_INTERVAL_MS,
    );
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    // The blocking read ends when the feed connection closes (RedisConnections' own hook).
    await Promise.race([
      this.running,
      new Promise((resolve) => setTimeout(resolve, BLOCK_MS + 100)),
    ]);
  }

  private async follow(onSnapshot: () => void): Promise<void> {
    let mustCheckPosition = false;
    while (!this.stopped) {
      try {
        if (!this.state.loaded) {
          await this.loadSnapshot();
          onSnapshot();
        } else if (mustCheckPosition && (await this.positionLost())) {
          this.logger.warn(
            { position: this.position },
            'feed position no longer on the feed: reloading the snapshot',
          );
          await this.loadSnapshot();
        }
        mustCheckPosition = false;
        const entries = await this.signatures.readFeed(this.position, BLOCK_MS, ENTRIES_PER_READ);
        if (entries.length === 0) {
          this.metrics.setFeedLag(0);
          if (this.appliedSinceReclaim >= RECLAIM_AFTER_SIGNATURES) this.reclaimHeap();
        }
        for (const entry of entries) {
          if (entry.change) await this.apply(entry.change);
          this.position = entry.id;
          this.metrics.setFeedLag((this.clock.nowMs() - streamIdMs(entry.id)) / 1000);
        }
      } catch (error) {
        if (this.stopped) return;
        mustCheckPosition = true;
        this.logger.debug({ err: error }, 'feed read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  private async positionLost(): Promise<boolean> {
    const feed = await this.signatures.feedState();
    return (
      compareStreamIds(feed.lastId, this.position) < 0 ||
      compareStreamIds(feed.maxDeletedId, this.position) > 0
    );
  }

  private async loadSnapshot(): Promise<void> {
    const started = Date.now();
    const { lastId } = await this.signatures.feedState();
    const signatures = new SignatureIndex();
    await this.signatures.forEachSignature((record) => signatures.upsert(record));
    const allowlists = new Allowlists();
    for (const space of await this.allowlists.spaces()) {
      allowlists.replace(space, withRanges(await this.allowlists.list(space)));
    }
    const rules = new SpaceRulesTable(this.state.policy);
    for (const [space, settings] of await this.spaceRules.all()) rules.replace(space, settings);
    this.state.swap(signatures, allowlists, rules);
    this.position = lastId;
    this.reclaimHeap();
    this.logger.info(
      { signatures: signatures.size, position: lastId, ms: Date.now() - started },
      'signature snapshot loaded',
    );
  }

  private reclaimHeap(): void {
    this.appliedSinceReclaim = 0;
    this.heap.reclaim();
  }

  private async apply(change: FeedChange): Promise<void> {
    switch (change.op) {
      case 'set':
        for (const record of change.records) this.state.signatures.upsert(record);
        this.appliedSinceReclaim += change.records.length;
        return;
      case 'remove':
        for (const id of change.ids) this.state.signatures.remove(id);
        return;
      case 'allowlist':
        this.state.allowlists.replace(
          change.space,
          withRanges(await this.allowlists.list(change.space)),
        );
        return;
      case 'rules':
        this.state.rules.replace(change.space, await this.spaceRules.get(change.space));
        return;
    }
  }
}

function withRanges(
  records: readonly AllowlistRecord[],
): { record: AllowlistRecord; range: IpRange }[] {
  return records.flatMap((record) => {
    const range = parseIpRange(record.ipRange);
    return range ? [{ record, range }] : [];
  });
}
