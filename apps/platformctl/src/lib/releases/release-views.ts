import { releaseV1alpha1 as api, type commonV1alpha1 as common } from '@platform/contracts';
import { channels } from '../fleet/fleet-vocabulary';
import { formatFields, formatTable } from '../output/text-table';

/** ReleaseService messages as plain data with operators' words, the same in every output format. */

const PHASES: Record<string, string> = {
  [api.MigrationPhase.MIGRATION_PHASE_EXPAND]: 'expand',
  [api.MigrationPhase.MIGRATION_PHASE_MIGRATE]: 'migrate',
  [api.MigrationPhase.MIGRATION_PHASE_CONTRACT]: 'contract',
};
const OUTCOMES: Record<string, string> = {
  [api.TrainOutcome.TRAIN_OUTCOME_MOVED]: 'moved',
  [api.TrainOutcome.TRAIN_OUTCOME_BLOCKED]: 'blocked',
  [api.TrainOutcome.TRAIN_OUTCOME_UNCHANGED]: 'unchanged',
};
const BLOCKERS: Record<string, string> = {
  [api.TrainBlockReason.TRAIN_BLOCK_REASON_CHANNEL_FROZEN]: 'channel frozen',
  [api.TrainBlockReason.TRAIN_BLOCK_REASON_FLEET_FROZEN]: 'fleet frozen',
  [api.TrainBlockReason.TRAIN_BLOCK_REASON_RELEASE_BLOCKED]: 'release blocked',
  [api.TrainBlockReason.TRAIN_BLOCK_REASON_NO_NEWER_RELEASE]: 'no newer release',
  [api.TrainBlockReason.TRAIN_BLOCK_REASON_NOT_ONE_STEP]: 'not one step',
};

export const MIGRATION_PHASE_WORDS = ['expand', 'migrate', 'contract'] as const;

export function phaseToProto(word: string): api.MigrationPhase {
  const entry = Object.entries(PHASES).find(([, phase]) => phase === word);
  return (
    (entry?.[0] as api.MigrationPhase | undefined) ?? api.MigrationPhase.MIGRATION_PHASE_UNSPECIFIED
  );
}

export interface ReleaseView {
  version: string;
  compatibleWith: string;
  components: Record<string, string>;
  migrations: { id: string; phase: string }[];
  blocked?: string;
}

export function releaseView(release: api.Release): ReleaseView {
  return {
    version: release.version,
    compatibleWith: release.compatibleWith,
    components: release.components,
    migrations: release.migrations.map((m) => ({
      id: m.id,
      phase: PHASES[m.phase] ?? 'unspecified',
    })),
    ...(release.blocked ? { blocked: release.blocked.reason } : {}),
  };
}

export function releasesTable(releases: readonly ReleaseView[]): string {
  return formatTable(
    ['VERSION', 'AFTER', 'MIGRATIONS', 'BLOCKED'],
    releases.map((r) => [
      r.version,
      r.compatibleWith || '-',
      r.migrations.map((m) => `${m.phase} ${m.id}`).join(', ') || '-',
      r.blocked ?? '',
    ]),
  );
}

export function releaseDetails(release: ReleaseView): string {
  return formatFields([
    ['version', release.version],
    ['compatible with', release.compatibleWith || '- (first release)'],
    ...Object.entries(release.components).map(
      ([name, image]) => [`component ${name}`, image] as const,
    ),
    ...release.migrations.map((m) => [`migration ${m.id}`, m.phase] as const),
    ['blocked', release.blocked ?? 'no'],
  ]);
}

function until(freeze: common.FreezeState | undefined): string {
  if (!freeze) return '';
  const end = freeze.until ? ` until ${timestampText(freeze.until)}` : '';
  return `${freeze.reason}${end}`;
}

export function timestampText(timestamp: { seconds: string; nanos: number } | undefined): string {
  return timestamp
    ? new Date(Number(timestamp.seconds) * 1000).toISOString().replace('.000Z', 'Z')
    : '';
}

export function channelsView(response: api.GetChannelsResponse) {
  return {
    fleetFrozen: response.fleetFrozen ? until(response.fleetFrozen) : undefined,
    channels: response.channels.map((c) => ({
      channel: channels.toWord(c.channel),
      release: c.release,
      frozen: c.frozen ? until(c.frozen) : undefined,
      spacesCurrent: c.spacesCurrent,
      spacesOneBehind: c.spacesOneBehind,
      spacesFurtherBehind: c.spacesFurtherBehind,
    })),
  };
}

export function channelsTable(view: ReturnType<typeof channelsView>): string {
  const table = formatTable(
    ['CHANNEL', 'RELEASE', 'CURRENT', 'ONE BEHIND', 'FURTHER', 'FROZEN'],
    view.channels.map((c) => [
      c.channel,
      c.release || '-',
      String(c.spacesCurrent),
      String(c.spacesOneBehind),
      String(c.spacesFurtherBehind),
      c.frozen ?? '',
    ]),
  );
  return view.fleetFrozen ? `${table}The whole fleet is frozen: ${view.fleetFrozen}\n` : table;
}

export function trainView(response: api.RunTrainResponse) {
  return {
    moves: response.moves.map((m) => ({
      channel: channels.toWord(m.channel),
      from: m.fromRelease,
      to: m.toRelease,
      outcome: OUTCOMES[m.outcome] ?? 'unspecified',
      ...(m.outcome === api.TrainOutcome.TRAIN_OUTCOME_BLOCKED
        ? { blockedBy: BLOCKERS[m.blockReason] ?? 'contract gate', detail: m.detail }
        : {}),
    })),
    ...(response.change ? { commit: response.change.gitCommit } : {}),
    ...(response.reviewBranch ? { reviewBranch: response.reviewBranch } : {}),
  };
}

export function trainTable(view: ReturnType<typeof trainView>): string {
  const table = formatTable(
    ['CHANNEL', 'FROM', 'TO', 'OUTCOME', 'WHY'],
    view.moves.map((m) => [m.channel, m.from || '-', m.to || '-', m.outcome, m.detail ?? '']),
  );
  if (view.reviewBranch) {
    return (
      `${table}commit ${view.commit ?? ''} pushed to branch ${view.reviewBranch} for review: ` +
      'channels move once it is merged\n'
    );
  }
  return view.commit ? `${table}commit ${view.commit}\n` : table;
}

export function planView(response: api.PlanRolloutResponse) {
  return {
    spaces: response.spaces.map((s) => ({
      space: s.space,
      channel: channels.toWord(s.channel),
      current: s.currentRelease,
      windows: s.windows.map((w) => ({
        start: timestampText(w.startTime),
        end: timestampText(w.endTime),
        from: w.fromRelease,
        to: w.toRelease,
      })),
    })),
    nextPageToken: response.nextPageToken,
  };
}

/** One row per Space and window: "when does customer X get release Y?". */
export function planTable(view: ReturnType<typeof planView>): string {
  return formatTable(
    ['SPACE', 'CHANNEL', 'WINDOW START (UTC)', 'WINDOW END (UTC)', 'RELEASE'],
    view.spaces.flatMap((s) =>
      s.windows.map((w) => [
        s.space,
        s.channel,
        w.start,
        w.end,
        w.from === w.to ? `${w.from} (no step)` : `${w.from} → ${w.to}`,
      ]),
    ),
  );
}

/** The same windows by day, only those that bring a step. */
export function planTimeline(view: ReturnType<typeof planView>): string {
  const byDay = new Map<string, string[][]>();
  for (const space of view.spaces) {
    for (const window of space.windows) {
      if (window.from === window.to) continue;
      const day = window.start.slice(0, 10);
      const rows = byDay.get(day) ?? [];
      rows.push([window.start.slice(11, 16), space.space, `${window.from} → ${window.to}`]);
      byDay.set(day, rows);
    }
  }
  if (byDay.size === 0) return 'No Space moves in this period.\n';
  return [...byDay.keys()]
    .sort()
    .map(
      (day) =>
        `${day}\n${formatTable(
          ['UTC', 'SPACE', 'RELEASE'],
          (byDay.get(day) ?? []).sort((a, b) => a[0].localeCompare(b[0])),
        ).replace(/^(?=.)/gm, '  ')}`,
    )
    .join('');
}

export function changeView(change: common.ChangeResult | undefined) {
  return change ? { commit: change.gitCommit, directiveIds: change.directiveIds } : { commit: '' };
}
