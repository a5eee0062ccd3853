import fc from 'fast-check';
import { imageReferenceProblem } from './image-reference';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe(imageReferenceProblem.name, () => {
  it.each([
    `registry.example.com/platform/api@${DIGEST}`,
    `registry.example.com:5000/platform/api@${DIGEST}`,
    `api@${DIGEST}`,
    `registry.example.com/platform/api:2026.10.0@${DIGEST}`,
  ])('accepts %s, which is pinned by digest', (reference) => {
    expect(imageReferenceProblem(reference)).toBeUndefined();
  });

  it('says a tag-only reference must be pinned by digest', () => {
    expect(imageReferenceProblem('registry.example.com/api:1.2')).toBe(
      '"registry.example.com/api:1.2" must be pinned by digest (<repo>@sha256:<64 lowercase hex>)',
    );
  });

  it.each([
    `api@sha256:${'A'.repeat(64)}`,
    `api@sha256:${'a'.repeat(63)}`,
    `api@md5:${'a'.repeat(32)}`,
  ])('rejects the malformed digest in %s', (reference) => {
    expect(imageReferenceProblem(reference)).toMatch(/is not a digest/);
  });

  it('rejects a malformed repository', () => {
    expect(imageReferenceProblem(`Registry/API@${DIGEST}`)).toBe(
      '"Registry/API" is not an image repository',
    );
  });

  it('rejects any reference without a sha256 digest', () => {
    fc.assert(
      fc.property(fc.string(), (reference) => {
        fc.pre(!/@sha256:[a-f0-9]{64}$/.test(reference));
        expect(imageReferenceProblem(reference)).toBeDefined();
      }),
    );
  });
});
