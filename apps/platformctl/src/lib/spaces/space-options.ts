import { Option } from 'commander';
import { channels, days, failoverSides, tiers } from '../fleet/fleet-vocabulary';
import { integerIn } from '../fleet/number-arguments';

/** Commander options shared by the `spaces` commands, so every command spells them alike. */
export const spaceOptions = {
  pop: (description = 'name of the PoP that hosts the Space') =>
    new Option('--pop <pop>', description),
  tier: (description = 'size class') =>
    new Option('--tier <tier>', description).choices(tiers.words),
  channel: (description = 'release channel') =>
    new Option('--channel <channel>', description).choices(channels.words),
  windowDay: () =>
    new Option('--window-day <day>', 'maintenance window: the day it starts').choices(days.words),
  windowStart: () =>
    new Option('--window-start <HH:MM>', 'maintenance window: local start time, 24-hour clock'),
  timeZone: () =>
    new Option(
      '--time-zone <zone>',
      'maintenance window: IANA time zone, for example Europe/Berlin',
    ),
  windowMinutes: () =>
    new Option('--window-minutes <minutes>', 'maintenance window: length, 1 to 1440').argParser(
      integerIn(1, 1440),
    ),
  pci: () => new Option('--pci', 'PCI DSS hardening add-on'),
  noPci: () => new Option('--no-pci', 'turn the PCI add-on off'),
  secondaryPop: () =>
    new Option('--secondary-pop <pop>', 'geo-failover add-on: the PoP that holds the standby copy'),
  noGeoFailover: () =>
    new Option('--no-geo-failover', 'turn the geo-failover add-on off').conflicts('secondaryPop'),
  expectedActive: () =>
    new Option(
      '--expected-active <side>',
      'fail unless this side is active now (guards against two operators failing over at once)',
    ).choices(failoverSides.words),
  pageSize: () =>
    new Option(
      '--page-size <n>',
      'Spaces per page, 1 to 1000 (default: the server chooses, 100)',
    ).argParser(integerIn(1, 1000)),
  pageToken: () => new Option('--page-token <token>', 'continue from a previous page'),
  all: () => new Option('--all', 'fetch every page'),
  yes: () => new Option('--yes', 'confirm the deletion (required)'),
};
