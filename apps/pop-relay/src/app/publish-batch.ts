import { directiveV1alpha1, relayV1alpha1 } from '@platform/contracts';
import { InvalidArgumentError } from '@platform/errors';
import type { PublishOutcome } from './directive-stream.repository';
import { validatePublish, type ValidPublish } from './relay-request.validation';

const { PublishStatus } = relayV1alpha1;
type SignedDirective = directiveV1alpha1.SignedDirective;
type PublishResult = relayV1alpha1.PublishResult;

/** Most directives one PublishBatch may carry, as the contract states. */
export const MAX_BATCH_DIRECTIVES = 500;

/** Stores one checked directive the way Publish does; the repository's answer. */
export type StoreDirective = (valid: ValidPublish) => Promise<PublishOutcome>;

interface Queued {
  index: number;
  directive: SignedDirective;
}

/**
 * Runs a PublishBatch: every directive goes through Publish's checks and store script. A Space's
 * directives are handled one after the other in request order, and the first one not stored
 * (invalid, backlog full) stops its Space: the rest are SKIPPED, so the Space's stream never has
 * a gap. Different Spaces run concurrently, so their script calls share Redis round trips.
 *
 * @throws InvalidArgumentError when the batch is empty or too large.
 */
export async function publishBatch(
  request: relayV1alpha1.PublishBatchRequest,
  backlogLimit: number,
  store: StoreDirective,
): Promise<PublishResult[]> {
  const directives = request.directives;
  if (directives.length === 0) throw new InvalidArgumentError('directives', 'is empty');
  if (directives.length > MAX_BATCH_DIRECTIVES) {
    throw new InvalidArgumentError(
      'directives',
      `holds ${directives.length} directives; at most ${MAX_BATCH_DIRECTIVES} are accepted`,
    );
  }
  const results: PublishResult[] = new Array<PublishResult>(directives.length);
  const bySpace = new Map<string, Queued[]>();
  directives.forEach((directive, index) => {
    const space = spaceOf(directive);
    // A payload that names no Space cannot hold any Space back: it fails alone.
    if (space === undefined) {
      results[index] = invalid(directive);
      return;
    }
    bySpace.set(space, [...(bySpace.get(space) ?? []), { index, directive }]);
  });
  await Promise.all(
    [...bySpace.entries()].map(async ([space, queue]) => {
      for (const [position, { index, directive }] of queue.entries()) {
        const result = await publishOne(directive, backlogLimit, store);
        results[index] = result;
        if (result.status === PublishStatus.PUBLISH_STATUS_STORED) continue;
        if (result.status === PublishStatus.PUBLISH_STATUS_DUPLICATE) continue;
        for (const later of queue.slice(position + 1)) {
          results[later.index] = {
            status: PublishStatus.PUBLISH_STATUS_SKIPPED,
            deliveryId: '',
            error: `not stored: directive #${index} of space "${space}" earlier in this batch was not stored`,
          };
        }
        return;
      }
    }),
  );
  return results;
}

async function publishOne(
  directive: SignedDirective,
  backlogLimit: number,
  store: StoreDirective,
): Promise<PublishResult> {
  let valid: ValidPublish;
  try {
    valid = validatePublish({ directive });
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      return { status: PublishStatus.PUBLISH_STATUS_INVALID, deliveryId: '', error: error.message };
    }
    throw error;
  }
  const outcome = await store(valid);
  if (outcome.kind === 'full') {
    return {
      status: PublishStatus.PUBLISH_STATUS_BACKLOG_FULL,
      deliveryId: '',
      error: `space "${valid.body.space}" has ${outcome.backlog} unacknowledged directives (limit ${backlogLimit}); directive "${valid.body.id}" was not stored`,
    };
  }
  return {
    status:
      outcome.kind === 'stored'
        ? PublishStatus.PUBLISH_STATUS_STORED
        : PublishStatus.PUBLISH_STATUS_DUPLICATE,
    deliveryId: outcome.deliveryId,
    error: '',
  };
}

/** The Space a directive's payload names, or undefined when it does not decode or names none. */
function spaceOf(directive: SignedDirective): string | undefined {
  try {
    const space = directiveV1alpha1.DirectiveBody.decode(directive.payload).space;
    return space === '' ? undefined : space;
  } catch {
    return undefined;
  }
}

function invalid(directive: SignedDirective): PublishResult {
  try {
    validatePublish({ directive });
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      return { status: PublishStatus.PUBLISH_STATUS_INVALID, deliveryId: '', error: error.message };
    }
  }
  return {
    status: PublishStatus.PUBLISH_STATUS_INVALID,
    deliveryId: '',
    error: 'directive.payload.space: is required',
  };
}
