import type { directiveV1alpha1 } from '@platform/contracts';
import { acceptRelease, body, nextDirectiveId, type TestCentral } from './agent-fixtures';

/** The release a Space runs after the `step`-th directive of its chain (step 0: the initial one). */
export function chainRelease(space: string, step: number): string {
  return step === 0 ? '1.0' : `${space}.${step}`;
}

/** One Space's directive in a chain of releases: each step one version after the previous. */
export interface ChainLink {
  id: string;
  release: string;
  signed: directiveV1alpha1.SignedDirective;
}

/**
 * `length` emergency accept-release directives for `space`, each exactly one step from the one
 * before (so an agent that skipped, reordered or repeated one would reject the next), signed by
 * Central. Emergency: the test does not depend on the clock being inside a maintenance window.
 */
export function releaseChain(central: TestCentral, space: string, length: number): ChainLink[] {
  return Array.from({ length }, (_, index) => {
    const step = index + 1;
    const release = chainRelease(space, step);
    const directive = {
      ...body(space, acceptRelease(chainRelease(space, step - 1), release), nextDirectiveId(space)),
      emergency: true,
    };
    return { id: directive.id, release, signed: central.signer.sign(directive) };
  });
}
