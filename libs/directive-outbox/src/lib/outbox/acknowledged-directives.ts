import type { RelaySpaceDelivery } from '../relay-gateway/relay.gateway';

/**
 * Which of a Space's at-relay directives (oldest first, as read before `delivery` was asked for)
 * its agent has acknowledged.
 *
 * The relay trims a directive, and every one before it in the Space's stream, when the agent
 * acknowledges it. Two signs are therefore certain: the last acknowledged id is one of ours
 * (it and all our earlier ones are done), or the backlog is empty (everything published before
 * the question is done). Comparing ids as time-ordered strings is not: another publisher (the
 * release orchestrator) may have published a directive with a newer id before ours reached the
 * relay, and its acknowledgement says nothing about ours. Such a directive stays pending until
 * one of the certain signs shows, never the other way round.
 */
export function acknowledgedDirectives(
  atRelay: readonly string[],
  delivery: RelaySpaceDelivery | undefined,
): string[] {
  if (!delivery) return [];
  if (delivery.backlog === 0) return [...atRelay];
  const last =
    delivery.lastAcknowledgedId === '' ? -1 : atRelay.indexOf(delivery.lastAcknowledgedId);
  return atRelay.slice(0, last + 1);
}
