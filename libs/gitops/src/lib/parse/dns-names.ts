const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL = 63;
const MAX_SUBDOMAIN = 253;

/** Why `name` is not a DNS-1123 label (the name of a PoP, a Space, a channel), or undefined when it is one. */
export function dnsLabelProblem(name: string): string | undefined {
  if (name.length <= MAX_LABEL && DNS_LABEL.test(name)) return undefined;
  return `${JSON.stringify(name)} is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit, at most ${MAX_LABEL} characters)`;
}

/**
 * Why `name` is not a DNS-1123 subdomain (dot-separated labels, as release versions like
 * `2026.45.0` are), or undefined when it is one.
 */
export function dnsSubdomainProblem(name: string): string | undefined {
  const valid =
    name.length <= MAX_SUBDOMAIN &&
    name.split('.').every((label) => label.length <= MAX_LABEL && DNS_LABEL.test(label));
  if (valid) return undefined;
  return `${JSON.stringify(name)} is not a DNS-1123 subdomain (dot-separated lowercase labels of letters, digits and "-", at most ${MAX_SUBDOMAIN} characters)`;
}
