import { InvalidArgumentError } from '@platform/errors';
import { subjectAltNameUris } from './subject-alt-name';
import {
  CENTRAL_SERVICES,
  POP_SERVICES,
  SPACE_SERVICES,
  type WorkloadIdentity,
} from './workload-identity';

const SPIFFE_SCHEME = 'spiffe://';
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// The SPIFFE ID spec allows exactly these characters in a trust domain, and no upper case.
const TRUST_DOMAIN = /^[a-z0-9._-]{1,255}$/;
// Enough to recognise a hostile value in a log line without echoing all of it.
const MAX_QUOTED_LENGTH = 200;

const LABEL_RULE =
  'lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters';

/** Options for the parse functions: the trust domain the caller accepts. */
export interface SpiffeIdParseOptions {
  /** Only identities of this trust domain are accepted, for example `platform.local`. */
  trustDomain: string;
}

/** True if `value` is a DNS-1123 label, the only form PoP, Space and operator names may take. */
export function isDns1123Label(value: string): boolean {
  return DNS_1123_LABEL.test(value);
}

/** True if `value` is a valid SPIFFE trust domain name (`[a-z0-9._-]`, at most 255 characters). */
export function isValidTrustDomain(value: string): boolean {
  return TRUST_DOMAIN.test(value);
}

/**
 * Formats an identity as its SPIFFE ID, for example
 * `spiffe://platform.local/pop/aws-us-east-1/pop-relay`.
 *
 * @throws InvalidArgumentError if a field is invalid, so a malformed ID never reaches a certificate.
 */
export function formatSpiffeId(identity: WorkloadIdentity): string {
  const problem = identityProblem(identity);
  if (problem) throw new InvalidArgumentError('identity', problem);
  return `${SPIFFE_SCHEME}${identity.trustDomain}/${pathSegments(identity).join('/')}`;
}

/**
 * Parses a SPIFFE ID into a workload identity.
 *
 * @throws InvalidArgumentError if the ID is malformed, belongs to another trust domain, or
 *   names an unknown tier or service.
 */
export function parseSpiffeId(uri: string, options: SpiffeIdParseOptions): WorkloadIdentity {
  function reject(problem: string): never {
    throw new InvalidArgumentError('spiffeId', `${quote(uri)} ${problem}`);
  }

  if (!uri.startsWith(SPIFFE_SCHEME)) reject('is not a SPIFFE ID: it must start with "spiffe://"');
  const rest = uri.slice(SPIFFE_SCHEME.length);
  const slash = rest.indexOf('/');
  const trustDomain = slash < 0 ? rest : rest.slice(0, slash);
  if (!isValidTrustDomain(trustDomain)) {
    reject(
      `has an invalid trust domain ${quote(trustDomain)} (allowed: lowercase letters, digits, ".", "-", "_")`,
    );
  }
  if (trustDomain !== options.trustDomain) {
    reject(`belongs to trust domain ${quote(trustDomain)}, not ${quote(options.trustDomain)}`);
  }
  if (slash < 0 || slash === rest.length - 1) reject('names a trust domain but no workload');

  const identity = identityFromPath(trustDomain, rest.slice(slash + 1).split('/'));
  if (typeof identity === 'string') return reject(identity);
  const problem = identityProblem(identity);
  if (problem) reject(problem);
  return identity;
}

/**
 * Reads the workload identity from Node's `tls.PeerCertificate.subjectaltname` (or
 * `X509Certificate.subjectAltName`), for example
 * `"DNS:localhost, URI:spiffe://platform.local/pop/aws-us-east-1/pop-relay"`.
 *
 * @throws InvalidArgumentError unless the certificate carries exactly one SPIFFE ID and that ID
 *   is valid for `options.trustDomain`.
 */
export function parseSpiffeIdFromSubjectAltName(
  subjectAltName: string | undefined,
  options: SpiffeIdParseOptions,
): WorkloadIdentity {
  const spiffeIds = subjectAltNameUris(subjectAltName ?? '').filter((uri) =>
    uri.toLowerCase().startsWith('spiffe:'),
  );
  if (spiffeIds.length === 0) {
    throw new InvalidArgumentError('subjectAltName', 'the certificate carries no SPIFFE ID');
  }
  // Two IDs would let a certificate claim to be two workloads; the X509-SVID spec forbids it.
  if (spiffeIds.length > 1) {
    throw new InvalidArgumentError(
      'subjectAltName',
      `the certificate carries ${spiffeIds.length} SPIFFE IDs; exactly one is allowed`,
    );
  }
  return parseSpiffeId(spiffeIds[0], options);
}

function pathSegments(identity: WorkloadIdentity): string[] {
  switch (identity.tier) {
    case 'central':
      return ['central', identity.service];
    case 'pop':
      return ['pop', identity.pop, identity.service];
    case 'space':
      return ['space', identity.space, identity.service];
    case 'operator':
      return ['operator', identity.name];
  }
}

/** Builds the identity a path claims, or says which shape was expected. */
function identityFromPath(trustDomain: string, segments: string[]): WorkloadIdentity | string {
  const [tier, ...rest] = segments;
  const expect = (shape: string) =>
    `has path ${quote(segments.join('/'))}; expected ${SPIFFE_SCHEME}${trustDomain}/${shape}`;
  switch (tier) {
    case 'central':
      return rest.length === 1
        ? ({ trustDomain, tier, service: rest[0] } as WorkloadIdentity)
        : expect('central/<service>');
    case 'pop':
      return rest.length === 2
        ? ({ trustDomain, tier, pop: rest[0], service: rest[1] } as WorkloadIdentity)
        : expect('pop/<pop>/<service>');
    case 'space':
      return rest.length === 2
        ? ({ trustDomain, tier, space: rest[0], service: rest[1] } as WorkloadIdentity)
        : expect('space/<space>/space-agent');
    case 'operator':
      return rest.length === 1 ? { trustDomain, tier, name: rest[0] } : expect('operator/<name>');
    default:
      return `has unknown tier ${quote(tier)} (expected central, pop, space or operator)`;
  }
}

/**
 * The one place that decides what a valid identity is, for both directions: formatting
 * refuses what parsing would refuse. Checks at run time what the type promises, because
 * identities also arrive from configuration files and command lines.
 */
function identityProblem(identity: WorkloadIdentity): string | undefined {
  if (typeof identity.trustDomain !== 'string' || !isValidTrustDomain(identity.trustDomain)) {
    return `trust domain ${quote(String(identity.trustDomain))} is not valid (allowed: lowercase letters, digits, ".", "-", "_")`;
  }
  switch (identity.tier) {
    case 'central':
      return serviceProblem('central', identity.service, CENTRAL_SERVICES);
    case 'pop':
      return (
        labelProblem('pop name', identity.pop) ??
        serviceProblem('pop', identity.service, POP_SERVICES)
      );
    case 'space':
      return (
        labelProblem('space name', identity.space) ??
        serviceProblem('space', identity.service, SPACE_SERVICES)
      );
    case 'operator':
      return labelProblem('operator name', identity.name);
    default:
      return `tier ${quote(String((identity as { tier: unknown }).tier))} is unknown (expected central, pop, space or operator)`;
  }
}

function labelProblem(what: string, value: unknown): string | undefined {
  if (typeof value === 'string' && isDns1123Label(value)) return undefined;
  return `${what} ${quote(String(value))} is not a DNS-1123 label (${LABEL_RULE})`;
}

function serviceProblem(
  tier: string,
  service: unknown,
  known: readonly string[],
): string | undefined {
  if (typeof service === 'string' && known.includes(service)) return undefined;
  return `service ${quote(String(service))} is not a ${tier} service (expected ${known.join(' or ')})`;
}

function quote(value: string): string {
  const shown = value.length > MAX_QUOTED_LENGTH ? `${value.slice(0, MAX_QUOTED_LENGTH)}…` : value;
  return JSON.stringify(shown);
}
