import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempDir, type TempDir } from '@platform/testing';

const root = join(__dirname, '..', '..');

const stableContract = (fields: string) => `syntax = "proto3";
package platform.relay.v1;
message Directive {
${fields}
}
`;

const unstableContract = (fields: string) => `syntax = "proto3";
package platform.relay.v1alpha1;
message Directive {
${fields}
}
`;

/** A copy of the repository's buf module layout in a temp dir, with our buf.yaml. */
function moduleWith(dir: string, files: Record<string, string>): void {
  mkdirSync(join(dir, 'proto'), { recursive: true });
  copyFileSync(join(root, 'proto', 'buf.yaml'), join(dir, 'proto', 'buf.yaml'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, 'proto', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'proto', path), content);
  }
}

function releaseSnapshot(dir: string, version: string): void {
  execFileSync('node', [join(root, 'tools/proto/release-snapshot.mjs'), version, '--cwd', dir], {
    stdio: 'pipe',
  });
}

function breaking(dir: string) {
  const result = spawnSync('node', [join(root, 'tools/proto/breaking.mjs'), '--cwd', dir], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the contract breaking-change check', () => {
  let work: TempDir;

  beforeEach(() => {
    work = createTempDir('buf-breaking');
  });

  afterEach(() => work.remove());

  it('passes when nothing has been released yet', () => {
    moduleWith(work.path, {
      'platform/relay/v1/directive.proto': stableContract('  string id = 1;'),
    });

    expect(breaking(work.path)).toMatchObject({ status: 0 });
  });

  it('fails a deliberate break of a stable (v1) package against the last release', () => {
    moduleWith(work.path, {
      'platform/relay/v1/directive.proto': stableContract('  string id = 1;\n  string space = 2;'),
    });
    releaseSnapshot(work.path, '2026.47.0');
    moduleWith(work.path, {
      'platform/relay/v1/directive.proto': stableContract('  string id = 1;\n  int64 space = 2;'),
    });

    const result = breaking(work.path);

    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(
      /Field "2" with name "space" on message "Directive" changed type/,
    );
    expect(result.output).toContain('break compatibility with release 2026.47.0');
  });

  it('accepts a compatible addition to a stable package', () => {
    moduleWith(work.path, {
      'platform/relay/v1/directive.proto': stableContract('  string id = 1;'),
    });
    releaseSnapshot(work.path, '2026.47.0');
    moduleWith(work.path, {
      'platform/relay/v1/directive.proto': stableContract('  string id = 1;\n  string space = 2;'),
    });

    expect(breaking(work.path)).toMatchObject({ status: 0 });
  });

  it('lets unstable (v1alpha1) packages change freely', () => {
    moduleWith(work.path, {
      'platform/relay/v1alpha1/directive.proto': unstableContract(
        '  string id = 1;\n  string space = 2;',
      ),
    });
    releaseSnapshot(work.path, '2026.47.0');
    moduleWith(work.path, {
      'platform/relay/v1alpha1/directive.proto': unstableContract('  int64 id = 1;'),
    });

    expect(breaking(work.path)).toMatchObject({ status: 0 });
  });
});
