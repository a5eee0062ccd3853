/**
 * Stores (or clears) a Space's rule settings and announces the change on the feed, so every
 * replica reloads that Space's rules, the way allowlist changes travel.
 *
 * KEYS: rules hash, feed. ARGV: Space, feed length, settings JSON ('' returns the Space to the
 * defaults). Returns 1.
 */
export const setSpaceRulesScript = `
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'op', 'rules', 'space', ARGV[1])
return 1
`;
