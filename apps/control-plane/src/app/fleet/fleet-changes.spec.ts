import { parseDesiredState, type DesiredState } from '@platform/gitops';
import { readGitopsDirectory } from '@platform/gitops-store';
import { join } from 'node:path';
import type { CreateSpaceCommand } from './fleet-commands';
import { createdPop, deletedPop } from './pop-changes';
import { createdSpace, failedOverSpace, updatedSpace } from './space-changes';

const WORKSPACE = join(__dirname, '..', '..', '..', '..', '..');

/** The example fleet of gitops/: PoPs aws-us-east-1 and gcp-europe-west1, Spaces acme (PCI, geo), globex, … */
let fleet: DesiredState;
beforeAll(async () => {
  const { state, problems } = parseDesiredState(
    await readGitopsDirectory(join(WORKSPACE, 'gitops')),
  );
  expect(problems).toEqual([]);
  fleet = state;
});

const create = (overrides: Partial<CreateSpaceCommand> = {}): CreateSpaceCommand => ({
  name: 'wayne',
  pop: 'aws-us-east-1',
  tier: 'performance',
  channel: 'prod',
  maintenanceWindow: {
    day: 'sunday',
    start: '02:00',
    timeZone: 'Europe/Berlin',
    durationMinutes: 120,
  },
  addOns: { pci: false },
  ...overrides,
});

/** The error `run` throws, as "<class>: <message>". */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    // Messages of InvalidArgumentError start with the field already.
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe(createdSpace.name, () => {
  it("starts the Space on its channel's current release, active on its primary PoP", () => {
    const space = createdSpace(
      fleet,
      create({ addOns: { pci: true, geoFailover: { secondaryPop: 'gcp-europe-west1' } } }),
    );
    expect(space.spec.release).toBe(fleet.channels.get('prod')?.spec.release);
    expect(space.spec.addOns).toEqual({
      pci: true,
      geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'primary' },
    });
  });

  it.each([
    ['a bad name', create({ name: 'Wayne_Enterprises' }), /InvalidArgumentError: name: .*DNS-1123/],
    ['an unknown PoP', create({ pop: 'aws-mars-1' }), /NotFoundError.*PoP "aws-mars-1"/],
    ['a taken name', create({ name: 'acme' }), /AlreadyExistsError.*"acme" already exists/],
    [
      'an invalid time zone',
      create({
        maintenanceWindow: {
          day: 'sunday',
          start: '02:00',
          timeZone: 'Mars/Olympus',
          durationMinutes: 60,
        },
      }),
      /maintenance_window.time_zone: .*not an IANA time zone/,
    ],
    [
      'a UTC offset for a zone',
      create({
        maintenanceWindow: {
          day: 'sunday',
          start: '02:00',
          timeZone: '+02:00',
          durationMinutes: 60,
        },
      }),
      /maintenance_window.time_zone/,
    ],
    [
      'a window that is too short',
      create({
        maintenanceWindow: { day: 'sunday', start: '02:00', timeZone: 'UTC', durationMinutes: 10 },
      }),
      /maintenance_window.duration_minutes: .*from 30 to 1440, got 10/,
    ],
    [
      'a window that is too long',
      create({
        maintenanceWindow: {
          day: 'sunday',
          start: '02:00',
          timeZone: 'UTC',
          durationMinutes: 1441,
        },
      }),
      /maintenance_window.duration_minutes/,
    ],
    [
      'a bad start time',
      create({
        maintenanceWindow: { day: 'sunday', start: '24:00', timeZone: 'UTC', durationMinutes: 60 },
      }),
      /maintenance_window.start/,
    ],
    [
      'the primary as secondary',
      create({ addOns: { pci: false, geoFailover: { secondaryPop: 'aws-us-east-1' } } }),
      /add_ons.geo_failover.secondary_pop: .*own PoP/,
    ],
    [
      'an unknown secondary',
      create({ addOns: { pci: false, geoFailover: { secondaryPop: 'nowhere' } } }),
      /NotFoundError.*"nowhere"/,
    ],
    [
      'a secondary side active at creation',
      create({
        addOns: {
          pci: false,
          geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'secondary' },
        },
      }),
      /add_ons.geo_failover.active/,
    ],
    [
      'PCI on the basic tier',
      create({ tier: 'basic', addOns: { pci: true } }),
      /add_ons.pci: a PCI Space needs the performance or performance-plus tier/,
    ],
  ])('refuses %s', (_, command, expected) => {
    expect(failure(() => createdSpace(fleet, command))).toMatch(expected);
  });

  it('refuses PCI on a PoP in a region without PCI attestation', () => {
    const pop = createdPop(fleet, {
      name: 'aws-sa',
      cloud: 'aws',
      region: 'sa-east-1',
      channel: 'prod',
    });
    const withPop = { ...fleet, pops: new Map([...fleet.pops, ['aws-sa', pop]]) };
    expect(
      failure(() => createdSpace(withPop, create({ pop: 'aws-sa', addOns: { pci: true } }))),
    ).toMatch(/add_ons.pci: PoP "aws-sa" \(aws sa-east-1\) is not in a PCI-attested region/);
    expect(createdSpace(withPop, create({ pop: 'aws-sa' })).spec.pop).toBe('aws-sa');
  });
});

describe(updatedSpace.name, () => {
  it('changes only what is set', () => {
    const acme = fleet.spaces.get('acme');
    const scaled = updatedSpace(fleet, { name: 'acme', tier: 'performance' });
    expect(scaled.spec).toEqual({ ...acme?.spec, tier: 'performance' });
  });

  it('refuses an update that sets nothing, scaling a PCI Space to basic, and sides changed outside failover', () => {
    expect(failure(() => updatedSpace(fleet, { name: 'acme' }))).toMatch(
      /InvalidArgumentError: tier: nothing to change/,
    );
    expect(failure(() => updatedSpace(fleet, { name: 'acme', tier: 'basic' }))).toMatch(
      /InvalidArgumentError: tier: a PCI Space/,
    );
    expect(
      failure(() =>
        updatedSpace(fleet, {
          name: 'acme',
          addOns: {
            pci: true,
            geoFailover: { secondaryPop: 'gcp-europe-west1', active: 'secondary' },
          },
        }),
      ),
    ).toMatch(/add_ons.geo_failover.active: must be unset or "primary"/);
    expect(failure(() => updatedSpace(fleet, { name: 'nobody', tier: 'basic' }))).toMatch(
      /NotFoundError/,
    );
  });

  it('refuses to turn geo-failover off while the secondary side serves', () => {
    const failedOver = failedOverSpace(fleet, { name: 'acme' });
    const state = { ...fleet, spaces: new Map([...fleet.spaces, ['acme', failedOver]]) };
    expect(failure(() => updatedSpace(state, { name: 'acme', addOns: { pci: true } }))).toMatch(
      /FailedPreconditionError: .*fail it back to the primary/,
    );
  });
});

describe(failedOverSpace.name, () => {
  it('swaps the active side, guarded by the side the caller expects', () => {
    expect(
      failedOverSpace(fleet, { name: 'acme', expectedActive: 'primary' }).spec.addOns.geoFailover
        ?.active,
    ).toBe('secondary');
    expect(
      failure(() => failedOverSpace(fleet, { name: 'acme', expectedActive: 'secondary' })),
    ).toMatch(/FailedPreconditionError: .*someone failed it over already/);
    expect(failure(() => failedOverSpace(fleet, { name: 'globex' }))).toMatch(
      /FailedPreconditionError: .*no geo-failover/,
    );
  });
});

describe('PoPs', () => {
  it('creates a PoP in a known region on its channel release', () => {
    const pop = createdPop(fleet, {
      name: 'azure-westeurope',
      cloud: 'azure',
      region: 'westeurope',
      channel: 'staging',
    });
    expect(pop.spec.release).toBe(fleet.channels.get('staging')?.spec.release);
  });

  it.each([
    [
      'an unknown region',
      { name: 'aws-x', cloud: 'aws', region: 'us-middle-9', channel: 'prod' },
      /InvalidArgumentError: region: "us-middle-9" is not a aws region .*known: /,
    ],
    [
      'a region another PoP serves',
      { name: 'aws-again', cloud: 'aws', region: 'us-east-1', channel: 'prod' },
      /AlreadyExistsError.*already serves aws us-east-1/,
    ],
    [
      'a taken name',
      { name: 'aws-us-east-1', cloud: 'aws', region: 'us-west-2', channel: 'prod' },
      /AlreadyExistsError/,
    ],
    [
      'a bad name',
      { name: '-aws', cloud: 'aws', region: 'us-west-2', channel: 'prod' },
      /InvalidArgumentError: name: .*DNS-1123/,
    ],
  ] as const)('refuses %s', (_, command, expected) => {
    expect(failure(() => createdPop(fleet, command))).toMatch(expected);
  });

  it('refuses to delete a PoP that still hosts Spaces, as primary or as secondary', () => {
    expect(failure(() => deletedPop(fleet, 'gcp-europe-west1'))).toMatch(
      /FailedPreconditionError: PoP "gcp-europe-west1" still hosts Spaces \(acme, globex/,
    );
    expect(failure(() => deletedPop(fleet, 'nowhere'))).toMatch(/NotFoundError/);
  });
});
