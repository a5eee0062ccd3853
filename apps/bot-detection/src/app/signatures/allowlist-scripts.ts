/**
 * Adds allowlist entries, all or nothing, within the per-Space limit, and announces the change on
 * the feed so every replica reloads that Space's list.
 *
 * KEYS: allowlist, allowlist Spaces, feed. ARGV: Space, limit, feed length, then pairs of
 * normalized range and stored entry. Returns how many were new, or -1 when the limit would be
 * exceeded (nothing changed).
 */
export const addAllowlistEntriesScript = `
local fresh = {}
for i = 4, #ARGV, 2 do
  if redis.call('HEXISTS', KEYS[1], ARGV[i]) == 0 then
    fresh[#fresh + 1] = ARGV[i]
    fresh[#fresh + 1] = ARGV[i + 1]
  end
end
if redis.call('HLEN', KEYS[1]) + #fresh / 2 > tonumber(ARGV[2]) then return -1 end
if #fresh > 0 then
  redis.call('HSET', KEYS[1], unpack(fresh))
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', 'op', 'allowlist', 'space', ARGV[1])
end
return #fresh / 2
`;

/**
 * Removes allowlist entries and announces the change.
 *
 * KEYS: allowlist, allowlist Spaces, feed. ARGV: Space, feed length, then normalized ranges.
 * Returns how many were removed.
 */
export const removeAllowlistEntriesScript = `
local removed = 0
for i = 3, #ARGV do removed = removed + redis.call('HDEL', KEYS[1], ARGV[i]) end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
if removed > 0 then
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'op', 'allowlist', 'space', ARGV[1])
end
return removed
`;
