import { firstValueFrom } from 'rxjs';
import { createTempDir, eventually, type TempDir } from '@platform/testing';
import { acceptRelease, body, nextDirectiveId } from '../test/agent-fixtures';
import { startAgentFixture, type AgentFixture } from '../test/agent-int-fixture';
import type { DesiredState } from './agent-state';
import { AgentStateRepository } from './agent-state.repository';
import type { RunningSpaceAgent } from './start-space-agent';

const SPACES = 100;
const DIRECTIVES_PER_SPACE = 10;
const CONCURRENCY = 10;
const INITIAL_RELEASE = '1.0';

/** Runs `task` for every item, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const spaceName = (index: number) => `many-${String(index).padStart(3, '0')}`;
/** Releases are unique across Spaces, so an applied release names exactly one directive. */
const releaseOf = (space: string, step: number) =>
  step === 0 ? INITIAL_RELEASE : `${space}.${step}`;

interface SpaceUnderTest {
  space: string;
  stateDir?: TempDir;
  agent?: RunningSpaceAgent;
  /** Directive ids in publish order. */
  published: string[];
  /** Directive ids, in the order the applier saw them. */
  applied: string[];
}

describe('1,000 directives to 100 Spaces', () => {
  let fixture: AgentFixture;
  const spaces: SpaceUnderTest[] = Array.from({ length: SPACES }, (_, index) => ({
    space: spaceName(index),
    published: [],
    applied: [],
  }));
  /** Release -> directive id, over all Spaces. */
  const idOfRelease = new Map<string, string>();

  beforeAll(async () => {
    fixture = await startAgentFixture();
  }, 60_000);
  afterAll(async () => {
    await fixture?.stop();
    for (const s of spaces) s.stateDir?.remove();
  }, 60_000);

  /** The relay's backlog of every Space it knows, over all pages of the delivery status. */
  async function allBacklogs(): Promise<Map<string, number>> {
    const backlogs = new Map<string, number>();
    let pageToken = '';
    do {
      const page = await firstValueFrom(
        fixture.publisher.getDeliveryStatus({ space: '', pageSize: 0, pageToken }),
      );
      for (const entry of page.spaces) backlogs.set(entry.space, entry.backlog);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    return backlogs;
  }

  it('each agent applies exactly its own directives, in order, once', async () => {
    const startedAt = Date.now();
    await eachLimited(spaces, CONCURRENCY, async (s) => {
      s.stateDir = createTempDir(`state-${s.space}`);
      s.agent = await fixture.startAgent(s.space, {
        stateDir: s.stateDir.path,
        release: INITIAL_RELEASE,
        applier: {
          apply: async (desired: DesiredState) => {
            s.applied.push(idOfRelease.get(desired.release) ?? `unknown:${desired.release}`);
          },
        },
      });
    });
    const agentsStartedAt = Date.now();

    // Round k publishes the k-th directive of every Space: interleaved across Spaces, in order
    // within each Space (a Space's next directive is published only after its previous one).
    for (let step = 1; step <= DIRECTIVES_PER_SPACE; step += 1) {
      await eachLimited(spaces, CONCURRENCY, async (s) => {
        const release = releaseOf(s.space, step);
        const directive = {
          ...body(
            s.space,
            acceptRelease(releaseOf(s.space, step - 1), release),
            nextDirectiveId(s.space),
          ),
          emergency: true,
        };
        idOfRelease.set(release, directive.id);
        s.published.push(directive.id);
        await firstValueFrom(
          fixture.publisher.publish({ directive: fixture.central.signer.sign(directive) }),
        );
      });
    }
    const publishedAt = Date.now();

    await eventually(
      async () => {
        for (const s of spaces) expect(s.applied).toHaveLength(DIRECTIVES_PER_SPACE);
        const backlogs = await allBacklogs();
        for (const s of spaces) expect([s.space, backlogs.get(s.space)]).toEqual([s.space, 0]);
      },
      60_000,
      250,
    );
    const drainedAt = Date.now();
    // Nothing more arrives afterwards: no late redelivery is applied a second time.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const s of spaces) expect(await fixture.backlog(s.space)).toBe(0);

    const allPublished = new Set(spaces.flatMap((s) => s.published));
    expect(allPublished.size).toBe(SPACES * DIRECTIVES_PER_SPACE);
    for (const s of spaces) {
      expect({ space: s.space, applied: s.applied }).toEqual({
        space: s.space,
        applied: s.published,
      });
      const own = new Set(s.published);
      expect(s.applied.filter((id) => !own.has(id))).toEqual([]);
      expect(new Set(s.applied).size).toBe(s.applied.length);
      const status = s.agent?.agent.status();
      expect(status?.release).toBe(releaseOf(s.space, DIRECTIVES_PER_SPACE));
      expect(status?.lastDirectiveId).toBe(s.published[DIRECTIVES_PER_SPACE - 1]);
    }
    expect(spaces.reduce((total, s) => total + s.applied.length, 0)).toBe(
      SPACES * DIRECTIVES_PER_SPACE,
    );

    // The persisted state tells the same story: every directive processed once, in order.
    for (const s of spaces) {
      const state = await new AgentStateRepository(s.stateDir?.path ?? '').load();
      expect(state?.processed.map((p) => p.id)).toEqual(s.published);
    }

    console.info(
      `many-spaces: ${SPACES} agents started in ${agentsStartedAt - startedAt} ms, ` +
        `${SPACES * DIRECTIVES_PER_SPACE} directives published in ${publishedAt - agentsStartedAt} ms, ` +
        `drained in ${drainedAt - publishedAt} ms`,
    );
  }, 120_000);
});
