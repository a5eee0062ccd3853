import { createTempDir, type TempDir } from '@platform/testing';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const CHECK = join(root, 'tools/ci/check-dockerfiles.mjs');

function runCheck(args: string[]): { status: number | null; lines: string[] } {
  const result = spawnSync(process.execPath, [CHECK, ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, lines: `${result.stdout}${result.stderr}`.trim().split('\n') };
}

/** A workspace where every rule of the check is broken once. */
function writeBrokenWorkspace(dir: string): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const app of ['pop-relay', 'space-agent', 'bot-detection', 'platformctl']) {
    write(`apps/${app}/src/main.ts`, '');
  }
  // A sound Dockerfile whose entry point the build output lacks.
  write('apps/pop-relay/Dockerfile', readFileSync(join(root, 'apps/pop-relay/Dockerfile'), 'utf8'));
  write(
    'apps/space-agent/Dockerfile',
    [
      'FROM node:latest',
      'WORKDIR /app',
      'COPY . .',
      'ENV PLATFORM_PROTO_ROOT=/srv/proto',
      'COPY proto ./proto',
      'USER root',
      'ENTRYPOINT node dist/apps/space-agent/src/main.js',
      '',
    ].join('\n'),
  );
  write('dist/apps/space-agent/src/main.js', '');
  mkdirSync(join(dir, 'libs/gitops/src/lib/render'), { recursive: true });
  copyFileSync(
    join(root, 'libs/gitops/src/lib/render/platform-images.ts'),
    join(dir, 'libs/gitops/src/lib/render/platform-images.ts'),
  );
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: registry.privatecloud.io/platform/${name}:2026.45.0\n`;
  write('gitops/rendered/pops/p1/deployment-pop-relay.yaml', deployment('pop-relay'));
  write('gitops/rendered/pops/p1/deployment-stranger.yaml', deployment('stranger'));
  write(
    'gitops/platform/releases/2026.45.0.yaml',
    'spec:\n  components:\n    pop-relay: registry.privatecloud.io/platform/pop-relay:2026.45.0\n',
  );
}

describe('tools/ci/check-dockerfiles.mjs', () => {
  let workspace: TempDir;

  beforeAll(() => {
    workspace = createTempDir('dockerfiles');
    writeBrokenWorkspace(workspace.path);
  });

  afterAll(() => workspace.remove());

  it("passes on the repository's Dockerfiles against a fresh build", () => {
    const { status, lines } = runCheck([]);

    expect({ status, lines }).toEqual({
      status: 0,
      lines: [
        'check-dockerfiles: 5 Dockerfiles ok (entrypoints in a fresh build, proto/, non-root, gitops images)',
      ],
    });
  });

  it('names each broken rule in one line and exits 1', () => {
    const { status, lines } = runCheck([
      '--root',
      workspace.path,
      '--dist',
      join(workspace.path, 'dist'),
    ]);

    expect(status).toBe(1);
    expect(lines).toEqual([
      'apps/bot-detection/Dockerfile: missing: every service image needs one',
      'apps/pop-relay/Dockerfile: ENTRYPOINT: dist/apps/pop-relay/src/main.js: not in the build output (npm run build)',
      'apps/space-agent/Dockerfile: FROM: expected a build stage and a runtime stage (multi-stage)',
      'apps/space-agent/Dockerfile: FROM: node:latest: pin the base image by tag or digest (not latest)',
      'apps/space-agent/Dockerfile: USER: root: the final stage must not run as root',
      'apps/space-agent/Dockerfile: ENTRYPOINT: use the exec form (a JSON array), so signals reach node',
      'apps/space-agent/Dockerfile: ENV: PLATFORM_PROTO_ROOT is /srv/proto, but proto/ is copied to /app/proto',
      'apps/space-agent/Dockerfile: RUN: the final stage must install production dependencies only (npm ci --omit=dev)',
      'apps/space-agent/Dockerfile: RUN: no earlier stage runs `npm run build`',
      'apps/space-agent/Dockerfile: EXPOSE: the gRPC port is not exposed',
      'apps/space-agent/Dockerfile: LABEL: org.opencontainers.image.source is missing',
      'apps/space-agent/Dockerfile: LABEL: org.opencontainers.image.title must be "space-agent"',
      'libs/gitops/src/lib/render/platform-images.ts: PLATFORM_SERVICES: control-plane has no Dockerfile',
      'libs/gitops/src/lib/render/platform-images.ts: PLATFORM_SERVICES: release-orchestrator has no Dockerfile',
      'libs/gitops/src/lib/render/platform-images.ts: PLATFORM_SERVICES: bot-detection has no Dockerfile',
      'gitops/rendered/pops/p1/deployment-stranger.yaml: image: registry.privatecloud.io/platform/stranger:2026.45.0 has no apps/stranger/Dockerfile',
      'gitops/rendered: image: no manifest runs registry.privatecloud.io/platform/space-agent (apps/space-agent/Dockerfile)',
      'gitops/platform/releases/2026.45.0.yaml: spec.components.pop-relay: expected registry.privatecloud.io/platform/pop-relay@sha256:<digest>, got registry.privatecloud.io/platform/pop-relay:2026.45.0',
      'check-dockerfiles: 18 problem(s)',
    ]);
  });
});
