const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY =
  '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?';
const REPOSITORY = new RegExp(`^(?:${REGISTRY}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Why `reference` is not an image reference pinned by digest (`<repo>@sha256:<64 hex>`, a tag
 * before the digest is allowed and ignored by the runtime), or undefined when it is one.
 * Releases are immutable, so a tag that can be re-pushed is not enough.
 */
export function imageReferenceProblem(reference: string): string | undefined {
  const at = reference.indexOf('@');
  if (at < 0) {
    return `${JSON.stringify(reference)} must be pinned by digest (<repo>@sha256:<64 lowercase hex>)`;
  }
  const name = reference.slice(0, at);
  const digest = reference.slice(at + 1);
  if (!DIGEST.test(digest)) {
    return `${JSON.stringify(digest)} is not a digest: expected sha256: followed by 64 lowercase hex characters`;
  }
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? name.slice(0, colon) : name;
  if (!REPOSITORY.test(repository) || (hasTag && !TAG.test(name.slice(colon + 1)))) {
    return `${JSON.stringify(name)} is not an image repository`;
  }
  return undefined;
}
