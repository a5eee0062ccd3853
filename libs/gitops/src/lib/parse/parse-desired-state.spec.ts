import fc from 'fast-check';
import {
  deleteField,
  documentFile,
  filesOf,
  setField,
  spaceDocument,
  validFleet,
  validFleetDocuments,
  withFile,
  textOf,
  withoutFile,
} from '../../test-fixtures';
import {
  DAYS,
  DEFAULT_SETTINGS,
  TIERS,
  type GitopsFiles,
  type Space,
} from '../model/desired-state';
import { parseDesiredState } from './parse-desired-state';

const ACME = 'platform/spaces/acme.yaml';
const RELEASE = 'platform/releases/2026.10.0.yaml';

function problemsOf(files: GitopsFiles) {
  return parseDesiredState(files).problems;
}

describe(parseDesiredState.name, () => {
  describe('a valid tree', () => {
    it('yields every document by name and no problems', () => {
      const { state, problems } = parseDesiredState(validFleet());

      expect(problems).toEqual([]);
      expect([...state.pops.keys()].sort()).toEqual(['aws-us-east-1', 'gcp-europe-west1']);
      expect(state.spaces.get('globex')?.spec.maintenanceWindow.timeZone).toBe('Asia/Kolkata');
      expect(state.channels.get('prod')?.spec.release).toBe('2026.10.0');
      expect(state.releases.get('2026.12.0')?.spec.migrations).toEqual([
        { id: 'users-email', phase: 'contract' },
      ]);
    });

    it('reads unquoted times and versions as the strings people mean', () => {
      const files = withFile(
        validFleet(),
        ACME,
        textOf(validFleet(), ACME)
          .replace(/start: .*/, 'start: 02:00')
          .replace(/release: .*/, 'release: 2026.10.0'),
      );

      const space = parseDesiredState(files).state.spaces.get('acme');

      expect(space?.spec.maintenanceWindow.start).toBe('02:00');
      expect(space?.spec.release).toBe('2026.10.0');
    });

    it('ignores files outside platform/, such as generated files and READMEs', () => {
      const files = withFile(validFleet(), 'docs/notes.txt', 'not yaml: [');

      expect(problemsOf(files)).toEqual([]);
    });

    it('uses the default settings when platform/settings.yaml is absent', () => {
      const { state } = parseDesiredState(withoutFile(validFleet(), 'platform/settings.yaml'));

      expect(state.settings).toEqual(DEFAULT_SETTINGS);
    });

    it('fills the settings fields a file leaves out from the defaults', () => {
      const files = withFile(
        validFleet(),
        'platform/settings.yaml',
        [
          'apiVersion: privatecloud.io/v1',
          'kind: Settings',
          'metadata:',
          '  name: settings',
          'spec:',
          '  argocd:',
          '    targetRevision: release',
          '',
        ].join('\n'),
      );

      const { state, problems } = parseDesiredState(files);

      expect(problems).toEqual([]);
      expect(state.settings.spec.argocd).toEqual({
        ...DEFAULT_SETTINGS.spec.argocd,
        targetRevision: 'release',
      });
      expect(state.settings.spec.basicTierWindow).toEqual(DEFAULT_SETTINGS.spec.basicTierWindow);
    });

    it('accepts every valid Space, whatever its values', () => {
      const window = fc.record({
        day: fc.constantFrom(...DAYS),
        start: fc
          .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
          .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
        timeZone: fc.constantFrom(
          'UTC',
          'Asia/Kolkata',
          'America/Argentina/Buenos_Aires',
          'Etc/GMT+2',
        ),
        durationMinutes: fc.integer({ min: 30, max: 1440 }),
      });
      const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      const space = fc
        .record({
          name: label,
          tier: fc.constantFrom(...TIERS),
          window,
          pci: fc.boolean(),
        })
        .map(({ name, tier, window, pci }) =>
          spaceDocument(name, { tier, maintenanceWindow: window, addOns: { pci } }),
        );

      fc.assert(
        fc.property(space, (document: Space) => {
          const { state, problems } = parseDesiredState(filesOf([document]));

          expect(problems).toEqual([]);
          expect(state.spaces.get(document.metadata.name)).toEqual(document);
        }),
      );
    });
  });

  describe('schema problems', () => {
    it.each([
      ['spec.tier', 'gold', 'expected one of basic, performance, performance-plus, got "gold"'],
      ['spec.channel', 'beta', 'expected one of dev, staging, prod, got "beta"'],
      ['spec.maintenanceWindow.timeZone', 'Mars/Base', '"Mars/Base" is not an IANA time zone'],
      ['spec.maintenanceWindow.timeZone', 'UTC+2', '"UTC+2" is not an IANA time zone'],
      [
        'spec.maintenanceWindow.timeZone',
        '+02:00',
        '"+02:00" is not an IANA time zone: use a zone name, not a UTC offset',
      ],
      [
        'spec.maintenanceWindow.start',
        '24:00',
        'expected a time "HH:MM" from 00:00 to 23:59, got "24:00"',
      ],
      [
        'spec.maintenanceWindow.start',
        '2:00',
        'expected a time "HH:MM" from 00:00 to 23:59, got "2:00"',
      ],
      [
        'spec.maintenanceWindow.day',
        'funday',
        'expected one of monday, tuesday, wednesday, thursday, friday, saturday, sunday, got "funday"',
      ],
      [
        'spec.maintenanceWindow.durationMinutes',
        20,
        'expected a whole number of minutes from 30 to 1440, got 20',
      ],
      [
        'spec.maintenanceWindow.durationMinutes',
        90.5,
        'expected a whole number of minutes from 30 to 1440, got 90.5',
      ],
      ['spec.addOns.pci', 'yes', 'expected true or false, got "yes"'],
      [
        'spec.pop',
        'AWS_East',
        '"AWS_East" is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      ],
      ['spec.addOns.geoFailover.active', 'both', 'expected one of primary, secondary, got "both"'],
      ['apiVersion', 'v1', 'expected "privatecloud.io/v1", got "v1"'],
    ])('reports %s set to %j', (field, value, message) => {
      expect(problemsOf(setField(validFleet(), ACME, field, value))).toEqual([
        { path: ACME, field, message },
      ]);
    });

    it('reports an unknown field by its path, wherever it is', () => {
      let files = setField(validFleet(), ACME, 'spec.color', 'blue');
      files = setField(files, ACME, 'spec.maintenanceWindow.timezone', 'UTC');

      expect(problemsOf(files)).toEqual([
        { path: ACME, field: 'spec.color', message: 'unknown field "color"' },
        {
          path: ACME,
          field: 'spec.maintenanceWindow.timezone',
          message: 'unknown field "timezone"',
        },
      ]);
    });

    it('reports a missing required field', () => {
      expect(problemsOf(deleteField(validFleet(), ACME, 'spec.addOns.pci'))).toEqual([
        { path: ACME, field: 'spec.addOns.pci', message: 'missing required field' },
      ]);
    });

    it('rejects a time zone written in the wrong case and suggests the right one', () => {
      const files = setField(
        validFleet(),
        ACME,
        'spec.maintenanceWindow.timeZone',
        'europe/london',
      );

      expect(problemsOf(files)).toEqual([
        {
          path: ACME,
          field: 'spec.maintenanceWindow.timeZone',
          message: '"europe/london" is not an IANA time zone (did you mean "Europe/London"?)',
        },
      ]);
    });

    it('requires release images to be pinned by digest', () => {
      let files = setField(
        validFleet(),
        RELEASE,
        'spec.components.api',
        'registry.example.com/api:1.2',
      );
      files = setField(
        files,
        RELEASE,
        'spec.components.web',
        'registry.example.com/web@sha256:ABC',
      );

      expect(problemsOf(files)).toEqual([
        {
          path: RELEASE,
          field: 'spec.components.api',
          message:
            '"registry.example.com/api:1.2" must be pinned by digest (<repo>@sha256:<64 lowercase hex>)',
        },
        {
          path: RELEASE,
          field: 'spec.components.web',
          message:
            '"sha256:ABC" is not a digest: expected sha256: followed by 64 lowercase hex characters',
        },
      ]);
    });

    it('reports the position of a bad migration and a release without components', () => {
      let files = setField(validFleet(), RELEASE, 'spec.migrations.0.phase', 'shrink');
      files = setField(files, RELEASE, 'spec.components', {});

      expect(problemsOf(files)).toEqual([
        {
          path: RELEASE,
          field: 'spec.components',
          message: 'a release lists at least one component',
        },
        {
          path: RELEASE,
          field: 'spec.migrations.0.phase',
          message: 'expected one of expand, migrate, contract, got "shrink"',
        },
      ]);
    });

    it('reports a component name that is not a DNS label', () => {
      const image = `registry.example.com/api@sha256:${'a'.repeat(64)}`;
      const files = setField(validFleet(), RELEASE, 'spec.components.Bad_Name', image);

      expect(problemsOf(files)).toEqual([
        {
          path: RELEASE,
          field: 'spec.components.Bad_Name',
          message: expect.stringContaining('"Bad_Name" is not a DNS-1123 label'),
        },
      ]);
    });

    it('checks a channel freeze', () => {
      const path = 'platform/channels/prod.yaml';
      const files = setField(validFleet(), path, 'spec.frozen', {
        reason: ' ',
        until: 'next week',
      });

      expect(problemsOf(files)).toEqual([
        { path, field: 'spec.frozen.reason', message: 'must not be empty' },
        {
          path,
          field: 'spec.frozen.until',
          message: 'expected an RFC 3339 date-time such as 2026-11-02T09:00:00Z, got "next week"',
        },
      ]);
    });

    it('leaves a file with problems out of the state', () => {
      const { state } = parseDesiredState(setField(validFleet(), ACME, 'spec.tier', 'gold'));

      expect(state.spaces.has('acme')).toBe(false);
      expect(state.spaces.has('globex')).toBe(true);
    });
  });

  describe('names', () => {
    it('requires metadata.name to equal the file name', () => {
      expect(problemsOf(setField(validFleet(), ACME, 'metadata.name', 'acme-corp'))).toEqual([
        {
          path: ACME,
          field: 'metadata.name',
          message: '"acme-corp" differs from the file name: expected "acme"',
        },
      ]);
    });

    it('requires Space names to be DNS labels and release names DNS subdomains', () => {
      const [, badSpace] = documentFile(spaceDocument('Acme_Corp'));
      const files = withFile(
        withFile(validFleet(), 'platform/spaces/Acme_Corp.yaml', badSpace),
        'platform/releases/2026.13.0.yaml',
        textOf(validFleet(), RELEASE).replace('name: 2026.10.0', 'name: 2026..13'),
      );

      expect(problemsOf(files)).toEqual([
        {
          path: 'platform/releases/2026.13.0.yaml',
          field: 'metadata.name',
          message: '"2026..13" differs from the file name: expected "2026.13.0"',
        },
        {
          path: 'platform/releases/2026.13.0.yaml',
          field: 'metadata.name',
          message: expect.stringContaining('"2026..13" is not a DNS-1123 subdomain'),
        },
        {
          path: 'platform/spaces/Acme_Corp.yaml',
          field: 'metadata.name',
          message: expect.stringContaining('"Acme_Corp" is not a DNS-1123 label'),
        },
      ]);
    });

    it('only knows the channels dev, staging and prod', () => {
      const path = 'platform/channels/beta.yaml';
      const text = textOf(validFleet(), 'platform/channels/dev.yaml').replace(
        'name: dev',
        'name: beta',
      );

      expect(problemsOf(withFile(validFleet(), path, text))).toEqual([
        { path, field: 'metadata.name', message: 'expected one of dev, staging, prod, got "beta"' },
      ]);
    });

    it('reports a document of the wrong kind for its folder once', () => {
      const pop = textOf(validFleet(), 'platform/pops/aws-us-east-1.yaml');

      expect(problemsOf(withFile(validFleet(), 'platform/spaces/aws-us-east-1.yaml', pop))).toEqual(
        [
          {
            path: 'platform/spaces/aws-us-east-1.yaml',
            field: 'kind',
            message: 'expected "Space" in platform/spaces/, got "Pop"',
          },
        ],
      );
    });
  });

  describe('files', () => {
    it('reports a YAML syntax error with its line', () => {
      const files = withFile(
        validFleet(),
        ACME,
        'apiVersion: privatecloud.io/v1\nkind: Space\nspec: [a,\n',
      );

      expect(problemsOf(files)).toEqual([
        {
          path: ACME,
          field: '-',
          message: expect.stringMatching(/^YAML syntax error at line \d+: /),
        },
      ]);
    });

    it('reports a duplicated key as a syntax error on its line', () => {
      const text = textOf(validFleet(), ACME) + 'kind: Space\n';
      const line = text.split('\n').length - 1;

      expect(problemsOf(withFile(validFleet(), ACME, text))).toEqual([
        {
          path: ACME,
          field: '-',
          message: `YAML syntax error at line ${line}: Map keys must be unique`,
        },
      ]);
    });

    it('wants exactly one document per file', () => {
      const text = `${validFleet().get(ACME)}---\n${validFleet().get('platform/spaces/globex.yaml')}`;

      expect(problemsOf(withFile(validFleet(), ACME, text))).toEqual([
        {
          path: ACME,
          field: '-',
          message: 'expected one YAML document, found 2: put each object in its own file',
        },
      ]);
      expect(problemsOf(withFile(validFleet(), ACME, '# nothing yet\n'))).toEqual([
        { path: ACME, field: '-', message: 'empty file: expected one YAML document' },
      ]);
    });

    it('reports a file that is not a mapping', () => {
      expect(problemsOf(withFile(validFleet(), ACME, '- a\n- b\n'))).toEqual([
        {
          path: ACME,
          field: '-',
          message: 'expected a mapping with apiVersion, kind, metadata and spec, got a list',
        },
      ]);
    });

    it('does not silently ignore a file in a mistyped folder or with another extension', () => {
      const text = textOf(validFleet(), ACME);
      let files = withFile(validFleet(), 'platform/space/acme2.yaml', text);
      files = withFile(files, 'platform/spaces/acme2.yml', text);
      files = withFile(files, 'platform/spaces/eu/acme3.yaml', text);
      files = withFile(files, 'platform/notes.md', '# notes');

      expect(problemsOf(files)).toEqual([
        {
          path: 'platform/notes.md',
          field: '-',
          message: expect.stringContaining('unexpected file'),
        },
        {
          path: 'platform/space/acme2.yaml',
          field: '-',
          message:
            'unexpected folder "space": desired state lives in platform/pops/, platform/spaces/, platform/channels/, platform/releases/ (did you mean platform/spaces/?)',
        },
        {
          path: 'platform/spaces/acme2.yml',
          field: '-',
          message:
            'not a desired-state file: files in platform/spaces/ end in .yaml (rename it to .yaml)',
        },
        {
          path: 'platform/spaces/eu/acme3.yaml',
          field: '-',
          message: expect.stringContaining('unexpected file'),
        },
      ]);
    });

    it('lets a .gitkeep keep an empty folder', () => {
      expect(problemsOf(withFile(validFleet(), 'platform/releases/.gitkeep', ''))).toEqual([]);
    });

    it('reads any file of the example fleet the same way after a round trip through YAML', () => {
      const { state } = parseDesiredState(filesOf(validFleetDocuments()));

      expect(state.spaces.get('acme')).toEqual(
        validFleetDocuments().find((d) => d.kind === 'Space' && d.metadata.name === 'acme'),
      );
    });
  });
});
