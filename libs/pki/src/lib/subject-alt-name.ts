import { InvalidArgumentError } from '@platform/errors';

// Node prints entries as `TYPE:value` joined by ", ". Since Node 17 it JSON-quotes any value
// that contains a separator (CVE-2021-44532), so a naive split on ", " could be fooled into
// reading a forged second entry out of one value; this reads quoted values whole instead.
const ENTRY = /([A-Za-z][A-Za-z ]*):("(?:[^"\\]|\\.)*"|[^,"]*)(?:, |$)/y;

/**
 * The URI entries of a subjectAltName string as Node prints it
 * (`tls.PeerCertificate.subjectaltname`, `X509Certificate.subjectAltName`).
 *
 * @throws InvalidArgumentError if the string is not in Node's format.
 */
export function subjectAltNameUris(subjectAltName: string): string[] {
  const uris: string[] = [];
  const entry = new RegExp(ENTRY);
  while (entry.lastIndex < subjectAltName.length) {
    const start = entry.lastIndex;
    const match = entry.exec(subjectAltName);
    if (!match) {
      throw new InvalidArgumentError(
        'subjectAltName',
        `cannot read the entry at character ${start} of ${JSON.stringify(subjectAltName.slice(0, 200))}`,
      );
    }
    const [, type, rawValue] = match;
    if (type === 'URI')
      uris.push(rawValue.startsWith('"') ? (JSON.parse(rawValue) as string) : rawValue);
  }
  return uris;
}
