import fc from 'fast-check';
import {
  channelDocument,
  documentFile,
  fakeRender,
  filesOf,
  popDocument,
  releaseDocument,
  rerendered,
  setField,
  spaceDocument,
  validFleet,
  withFile,
} from '../../test-fixtures';
import type { GitopsFiles } from '../model/desired-state';
import { checkGitopsTree } from './check-gitops-tree';
import { checkReleasePins } from './release-pins.rule';

const ACME = 'platform/spaces/acme.yaml';
const STAGING = 'platform/channels/staging.yaml';

/** The problems of a PR from `base` to `head`, with the head re-rendered so drift stays quiet. */
function problemsOf(base: GitopsFiles, head: GitopsFiles) {
  return checkGitopsTree({ files: rerendered(head), baseFiles: base, render: fakeRender });
}

describe(checkReleasePins.name, () => {
  describe('one release at a time', () => {
    it('lets a Space move one release forward or back', () => {
      let head = setField(validFleet(), ACME, 'spec.release', '2026.11.0');
      head = setField(head, 'platform/spaces/globex.yaml', 'spec.release', '2026.10.0');

      expect(problemsOf(validFleet(), head)).toEqual([]);
    });

    it('reports a Space that skips a release, even where version strings sort the other way', () => {
      const head = setField(validFleet(), ACME, 'spec.release', '2026.12.0');

      expect(problemsOf(validFleet(), head)).toContainEqual({
        path: ACME,
        field: 'spec.release',
        message: 'moves 2 releases (2026.10.0 → 2026.12.0): a Space moves one release at a time',
      });
    });

    it('reports a PoP that skips a release', () => {
      const path = 'platform/pops/gcp-europe-west1.yaml';
      const head = setField(validFleet(), path, 'spec.release', '2026.9.0');

      expect(problemsOf(validFleet(), head)).toEqual([
        {
          path,
          field: 'spec.release',
          message: 'moves 2 releases (2026.11.0 → 2026.9.0): a PoP moves one release at a time',
        },
      ]);
    });

    it('reports a channel that skips a release', () => {
      const path = 'platform/channels/dev.yaml';
      const head = setField(validFleet(), path, 'spec.release', '2026.10.0');

      expect(problemsOf(validFleet(), head)).toEqual([
        {
          path,
          field: 'spec.release',
          message:
            'moves 2 releases (2026.12.0 → 2026.10.0): a channel moves one release at a time',
        },
      ]);
    });

    it('lets a new Space start on any release', () => {
      const [path, text] = documentFile(
        spaceDocument('newco', { release: '2026.12.0', channel: 'dev' }),
      );

      expect(problemsOf(validFleet(), withFile(validFleet(), path, text))).toEqual([]);
    });

    it('reports a move of more than one release for any chain and any two positions', () => {
      const version = fc
        .array(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,4}[a-z0-9])?$/), {
          minLength: 1,
          maxLength: 3,
        })
        .map((labels) => labels.join('.'));
      const scenario = fc.integer({ min: 2, max: 8 }).chain((length) =>
        fc.record({
          versions: fc.uniqueArray(version, { minLength: length, maxLength: length }),
          from: fc.nat(length - 1),
          to: fc.nat(length - 1),
        }),
      );

      fc.assert(
        fc.property(scenario, ({ versions, from, to }) => {
          const tree = (pin: string) =>
            filesOf([
              ...versions.map((v, i) =>
                releaseDocument(v, i === 0 ? {} : { compatibleWith: versions[i - 1] }),
              ),
              channelDocument('dev', versions[0]),
              channelDocument('staging', versions[0]),
              channelDocument('prod', versions[0]),
              popDocument('aws-us-east-1', { release: versions[0] }),
              spaceDocument('acme', { release: pin }),
            ]);

          const problems = problemsOf(tree(versions[from]), tree(versions[to]));

          const expected =
            Math.abs(to - from) > 1
              ? [
                  {
                    path: ACME,
                    field: 'spec.release',
                    message: expect.stringContaining(`moves ${Math.abs(to - from)} releases`),
                  },
                ]
              : [];
          expect(problems).toEqual(expected);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('blocked releases', () => {
    const blocked = (files: GitopsFiles) =>
      setField(files, 'platform/releases/2026.12.0.yaml', 'spec.blocked', { reason: 'login loop' });

    it('reports a channel newly pinning a blocked release', () => {
      const head = setField(blocked(validFleet()), STAGING, 'spec.release', '2026.12.0');

      expect(problemsOf(validFleet(), head)).toEqual([
        {
          path: STAGING,
          field: 'spec.release',
          message: 'release "2026.12.0" is blocked (login loop): it may not be newly pinned',
        },
      ]);
    });

    it('reports a new Space pinning a blocked release', () => {
      const [path, text] = documentFile(
        spaceDocument('newco', { release: '2026.12.0', channel: 'dev' }),
      );
      const base = blocked(validFleet());

      expect(problemsOf(base, withFile(base, path, text))).toEqual([
        {
          path,
          field: 'spec.release',
          message: 'release "2026.12.0" is blocked (login loop): it may not be newly pinned',
        },
      ]);
    });

    it('lets what already ran the release stay on it once it is blocked', () => {
      expect(problemsOf(validFleet(), blocked(validFleet()))).toEqual([]);
    });
  });

  describe('contract gates', () => {
    it('lets a contract reach a channel whose Spaces all run the expand or later', () => {
      const head = setField(validFleet(), STAGING, 'spec.release', '2026.12.0');

      expect(problemsOf(validFleet(), head)).toEqual([]);
    });

    it('keeps a contract from a channel while a Space on it runs a release older than the expand', () => {
      const base = setField(
        validFleet(),
        'platform/spaces/umbrella.yaml',
        'spec.release',
        '2026.9.0',
      );
      const head = setField(base, STAGING, 'spec.release', '2026.12.0');

      expect(problemsOf(base, head)).toEqual([
        {
          path: STAGING,
          field: 'spec.release',
          message:
            'contract "users-email" in 2026.12.0 may not reach channel "staging" while Space "umbrella" runs a release older than 2026.10.0, which carries its expand',
        },
      ]);
    });

    it('keeps a Space from moving onto a contract before it ran the expand', () => {
      const path = 'platform/spaces/hooli.yaml';
      const head = setField(validFleet(), path, 'spec.release', '2026.12.0');

      expect(problemsOf(validFleet(), head)).toEqual([
        {
          path,
          field: 'spec.release',
          message: 'moves 3 releases (2026.9.0 → 2026.12.0): a Space moves one release at a time',
        },
        {
          path,
          field: 'spec.release',
          message:
            'moves onto contract "users-email" in 2026.12.0 before running 2026.10.0, which carries its expand',
        },
      ]);
    });
  });
});
