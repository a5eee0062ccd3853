#!/usr/bin/env node
// Policy: images cannot be built on CI machines without a Docker engine, so this proves what a
// build would rely on. For each apps/<service>/Dockerfile: multi-stage with pinned bases, a
// non-root final stage, an exec-form ENTRYPOINT whose JS file a fresh `npm run build` emits,
// proto/ copied to where PLATFORM_PROTO_ROOT points, production-only dependencies, the OCI
// labels. Every service (an app with src/main.ts, except the CLI and the e2e tests) has one, and
// the gitops manifests name exactly the images these Dockerfiles produce.
//
// usage: node tools/ci/check-dockerfiles.mjs [--root <workspace>] [--dist <existing build output>]
// Prints one `path: field: what is wrong` line per problem; exits 1 on problems, 0 otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { workspaceRoot } from '../dev/workspace.mjs';

/** Apps with a main.ts that are not deployed as images: the operator CLI and the e2e tests. */
const NOT_IMAGES = new Set(['platformctl', 'services-e2e']);
const ROOT_USERS = new Set(['root', '0']);
const PLATFORM_IMAGES_SOURCE = 'libs/gitops/src/lib/render/platform-images.ts';

const args = parseArgs(process.argv.slice(2));
const root = args.root ?? workspaceRoot();
const problems = [];
const services = servicesWithMain(root);

let scratch;
let dist = args.dist;
if (!dist) {
  scratch = mkdtempSync(join(tmpdir(), 'dockerfiles-'));
  dist = join(scratch, 'dist');
  buildInto(dist);
}
try {
  const withDockerfile = [];
  for (const service of services) {
    const path = `apps/${service}/Dockerfile`;
    if (!existsSync(join(root, path))) {
      problems.push(`${path}: missing: every service image needs one`);
      continue;
    }
    withDockerfile.push(service);
    checkDockerfile(service, path, parseDockerfile(readFileSync(join(root, path), 'utf8')));
  }
  checkGitopsImages(withDockerfile);
} finally {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}

for (const problem of problems) process.stdout.write(`${problem}\n`);
if (problems.length > 0) {
  process.stdout.write(`check-dockerfiles: ${problems.length} problem(s)\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `check-dockerfiles: ${services.length} Dockerfiles ok (entrypoints in a fresh build, proto/, non-root, gitops images)\n`,
  );
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag === '--root' || flag === '--dist') && value) parsed[flag.slice(2)] = value;
    else {
      process.stderr.write(
        'usage: check-dockerfiles.mjs [--root <workspace>] [--dist <build output>]\n',
      );
      process.exit(2);
    }
  }
  return parsed;
}

function servicesWithMain(workspace) {
  return readdirSync(join(workspace, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_IMAGES.has(entry.name))
    .filter((entry) => existsSync(join(workspace, 'apps', entry.name, 'src', 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

function buildInto(outDir) {
  const build = spawnSync(
    process.execPath,
    [join(root, 'tools/bin/run-ts.cjs'), join(root, 'tools/build/build.cli.ts'), '--out', outDir],
    { cwd: root, encoding: 'utf8' },
  );
  if (build.status !== 0) {
    process.stdout.write(`${build.stdout}${build.stderr}`);
    process.stdout.write('tools/build: the production build failed; nothing else was checked\n');
    process.exit(1);
  }
}

/**
 * Instructions of a Dockerfile, grouped by stage: `[{ from, name, instructions: [{ keyword,
 * value, line }] }]`. Comments and blank lines are dropped and `\` continuations joined;
 * parser directives and heredocs are not used in this repository.
 */
function parseDockerfile(text) {
  const stages = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending !== '' && line.startsWith('#')) return; // comments inside a continuation
    if (pending === '') startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const instruction = `${pending}${line}`.trim();
    pending = '';
    const [, keyword, value] = /^(\S+)\s*(.*)$/.exec(instruction);
    const entry = { keyword: keyword.toUpperCase(), value, line: startLine };
    if (entry.keyword === 'FROM') {
      const [, image, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(value);
      stages.push({ from: image, name, instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(entry);
    }
  });
  return stages;
}

/** `KEY=value KEY2="quoted value"` pairs of ENV and LABEL (and the legacy `ENV KEY value`). */
function keyValues(value) {
  const pairs = new Map();
  if (!/^[^\s=]+=/.test(value)) {
    const [key, ...rest] = value.split(/\s+/);
    pairs.set(key, rest.join(' '));
    return pairs;
  }
  for (const match of value.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const raw = match[2];
    pairs.set(match[1], raw.startsWith('"') ? JSON.parse(raw) : raw);
  }
  return pairs;
}

function checkDockerfile(service, path, stages) {
  const report = (field, message) => problems.push(`${path}: ${field}: ${message}`);
  if (stages.length < 2) {
    report('FROM', 'expected a build stage and a runtime stage (multi-stage)');
  }
  for (const stage of stages) {
    const isStageName = stages.some((other) => other.name === stage.from);
    const pinned = /@sha256:[0-9a-f]{64}$/.test(stage.from) || /:[^/:]+$/.test(stage.from);
    if (!isStageName && (!pinned || stage.from.endsWith(':latest'))) {
      report('FROM', `${stage.from}: pin the base image by tag or digest (not latest)`);
    }
  }
  const final = stages[stages.length - 1];
  if (!final) return;
  const all = (keyword) => final.instructions.filter((entry) => entry.keyword === keyword);
  const last = (keyword) => all(keyword).at(-1);

  const user = last('USER')?.value.split(':')[0];
  if (user === undefined) report('USER', 'the final stage runs as root; set a non-root USER');
  else if (ROOT_USERS.has(user)) report('USER', `${user}: the final stage must not run as root`);

  /** The WORKDIR in force at an instruction of the final stage. */
  const workdirBefore = (instruction) => {
    let dir = '/';
    for (const candidate of final.instructions) {
      if (candidate === instruction) break;
      if (candidate.keyword === 'WORKDIR') dir = posix.resolve(dir, candidate.value);
    }
    return dir;
  };

  const entrypoint = last('ENTRYPOINT');
  let argv;
  try {
    argv = entrypoint ? JSON.parse(entrypoint.value) : undefined;
  } catch {
    argv = undefined;
  }
  const expectedEntry = `dist/apps/${service}/src/main.js`;
  if (!entrypoint) {
    report('ENTRYPOINT', `missing; expected ["node", "${expectedEntry}"]`);
  } else if (!Array.isArray(argv) || argv.some((part) => typeof part !== 'string')) {
    report('ENTRYPOINT', 'use the exec form (a JSON array), so signals reach node');
  } else {
    const script = argv[1];
    if (argv[0] !== 'node' || script === undefined) {
      report('ENTRYPOINT', `expected ["node", "${expectedEntry}"], got ${entrypoint.value}`);
    } else {
      checkEntryScript(report, final, workdirBefore, entrypoint, script, service);
    }
  }

  const protoCopy = all('COPY').find(
    (entry) => !entry.value.includes('--from') && /^proto\/?\s/.test(entry.value),
  );
  const protoRoot = all('ENV')
    .map((entry) => keyValues(entry.value).get('PLATFORM_PROTO_ROOT'))
    .filter((value) => value !== undefined)
    .at(-1);
  if (!protoCopy) report('COPY', 'proto/ is not copied into the final stage');
  if (protoRoot === undefined) report('ENV', 'PLATFORM_PROTO_ROOT is not set');
  if (protoCopy && protoRoot !== undefined) {
    const destination = posix.resolve(workdirBefore(protoCopy), protoCopy.value.split(/\s+/)[1]);
    if (posix.resolve('/', protoRoot) !== destination) {
      report('ENV', `PLATFORM_PROTO_ROOT is ${protoRoot}, but proto/ is copied to ${destination}`);
    }
  }

  const runs = (stage) => stage.instructions.filter((entry) => entry.keyword === 'RUN');
  if (!runs(final).some((entry) => /npm ci\b.*--omit=dev/.test(entry.value))) {
    report('RUN', 'the final stage must install production dependencies only (npm ci --omit=dev)');
  }
  if (
    !stages.slice(0, -1).some((stage) => runs(stage).some((e) => /npm run build\b/.test(e.value)))
  ) {
    report('RUN', 'no earlier stage runs `npm run build`');
  }
  if (all('EXPOSE').length === 0) report('EXPOSE', 'the gRPC port is not exposed');

  const labels = new Map(all('LABEL').flatMap((entry) => [...keyValues(entry.value)]));
  if (!labels.get('org.opencontainers.image.source')) {
    report('LABEL', 'org.opencontainers.image.source is missing');
  }
  if (labels.get('org.opencontainers.image.title') !== service) {
    report('LABEL', `org.opencontainers.image.title must be "${service}"`);
  }
}

/** The ENTRYPOINT's script must be this service's main.js, inside the dist/ the stage copies. */
function checkEntryScript(report, final, workdirBefore, entrypoint, script, service) {
  const absolute = posix.resolve(workdirBefore(entrypoint), script);
  const distCopy = final.instructions.find(
    (entry) => entry.keyword === 'COPY' && /--from=\S+\s+\S*\bdist\/?\s/.test(entry.value),
  );
  if (!distCopy) {
    report('COPY', 'the final stage does not copy dist/ from the build stage');
    return;
  }
  const destination = posix.resolve(
    workdirBefore(distCopy),
    distCopy.value.trim().split(/\s+/).at(-1),
  );
  const inDist = posix.relative(destination, absolute);
  if (inDist.startsWith('..') || posix.isAbsolute(inDist)) {
    report('ENTRYPOINT', `${script} is not inside the copied dist/ (${destination})`);
  } else if (inDist !== `apps/${service}/src/main.js`) {
    report(
      'ENTRYPOINT',
      `${script} is not this service's entry point (apps/${service}/src/main.js)`,
    );
  } else if (!existsSync(join(dist, inDist))) {
    report('ENTRYPOINT', `${script}: not in the build output (npm run build)`);
  }
}

/**
 * The rendered manifests and the releases must name the images these Dockerfiles produce: the
 * renderer's PLATFORM_SERVICES are exactly the services with a Dockerfile; every
 * `<PLATFORM_REGISTRY>/<name>` image in gitops/rendered has a Dockerfile and every Dockerfile's
 * image appears there; a release that pins a platform service pins that service's repository.
 */
function checkGitopsImages(withDockerfile) {
  const source = readFileSync(join(root, PLATFORM_IMAGES_SOURCE), 'utf8');
  const registry = /PLATFORM_REGISTRY\s*=\s*'([^']+)'/.exec(source)?.[1];
  const listed = /PLATFORM_SERVICES\s*=\s*\[([^\]]*)\]/.exec(source)?.[1];
  if (!registry || listed === undefined) {
    problems.push(`${PLATFORM_IMAGES_SOURCE}: PLATFORM_REGISTRY or PLATFORM_SERVICES not found`);
    return;
  }
  const platformServices = [...listed.matchAll(/'([^']+)'/g)].map((match) => match[1]);
  for (const service of platformServices) {
    if (!withDockerfile.includes(service)) {
      problems.push(`${PLATFORM_IMAGES_SOURCE}: PLATFORM_SERVICES: ${service} has no Dockerfile`);
    }
  }
  for (const service of withDockerfile) {
    if (!platformServices.includes(service)) {
      problems.push(
        `${PLATFORM_IMAGES_SOURCE}: PLATFORM_SERVICES: ${service} has a Dockerfile but is not rendered`,
      );
    }
  }

  const repositoryOf = (image) => image.replace(/@sha256:.*$/, '').replace(/:[^/:]+$/, '');
  const referenced = new Set();
  for (const file of yamlFiles(join(root, 'gitops/rendered'))) {
    for (const image of containerImages(file)) {
      const repository = repositoryOf(image);
      if (!repository.startsWith(`${registry}/`)) continue;
      const service = repository.slice(registry.length + 1);
      referenced.add(service);
      if (!withDockerfile.includes(service)) {
        problems.push(`${relative(root, file)}: image: ${image} has no apps/${service}/Dockerfile`);
      }
    }
  }
  for (const service of withDockerfile) {
    if (!referenced.has(service)) {
      problems.push(
        `gitops/rendered: image: no manifest runs ${registry}/${service} (apps/${service}/Dockerfile)`,
      );
    }
  }

  for (const file of yamlFiles(join(root, 'gitops/platform/releases'))) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const components = document.toJS()?.spec?.components ?? {};
      for (const [name, image] of Object.entries(components)) {
        if (!platformServices.includes(name)) continue;
        if (!String(image).startsWith(`${registry}/${name}@sha256:`)) {
          problems.push(
            `${relative(root, file)}: spec.components.${name}: expected ${registry}/${name}@sha256:<digest>, got ${image}`,
          );
        }
      }
    }
  }
}

function yamlFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** Images of every container and init container of the workloads in a manifest file. */
function containerImages(file) {
  const images = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const pod = document.toJS()?.spec?.template?.spec;
    for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      if (typeof container?.image === 'string') images.push(container.image);
    }
  }
  return images;
}
