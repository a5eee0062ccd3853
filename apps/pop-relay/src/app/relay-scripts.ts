/**
 * The relay's Lua scripts. Each runs atomically inside Redis, so the checks and the writes of one
 * operation cannot interleave with another relay replica's. Every key a script touches belongs
 * to one Space and carries its hash tag, so the scripts also run on a Redis Cluster.
 */

/** `true` when stream entry id `a` is newer than `b` (ids are `<ms>-<seq>`). */
const newerThan = `
local function newerThan(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  if am ~= bm then return am > bm end
  return as > bs
end
`;

/**
 * Publish: dedupe by directive id, bound the backlog, append, all or nothing.
 *
 * KEYS: stream, ids, state. ARGV: directive id, payload, signature, key id, backlog limit,
 * now (ms), notification channel, Space.
 * Returns `{'stored', entry}`, `{'duplicate', entry}` or `{'full', backlog}`.
 *
 * The stream is never trimmed here (no MAXLEN): a full backlog refuses the new directive
 * instead of dropping an old one.
 */
export const publishScript = `
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return {'duplicate', existing} end
local backlog = redis.call('XLEN', KEYS[1])
if backlog >= tonumber(ARGV[5]) then return {'full', tostring(backlog)} end
local entry = redis.call('XADD', KEYS[1], '*',
  'id', ARGV[1], 'payload', ARGV[2], 'signature', ARGV[3], 'keyId', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], entry)
redis.call('HSET', KEYS[3], 'lastPublishedId', ARGV[1], 'lastPublishedMs', ARGV[6])
redis.call('PUBLISH', ARGV[7], 'published ' .. ARGV[8])
return {'stored', entry}
`;

/**
 * Acknowledge: record the outcome and remove the entry and every older one from the stream
 * (the agent processes in order, so an acknowledgement covers what came before it).
 *
 * Acknowledged directive ids stay in the id index for a while (the `acked` list, bounded by
 * ARGV[5]) so that a repeated acknowledgement returns OK and a late re-publish by Central is
 * still recognised as a duplicate; beyond that window the index forgets them.
 *
 * KEYS: stream, ids, state, acked. ARGV: directive id, outcome, reject reason, now (ms),
 * retention window. Returns 'acknowledged', 'already' (first acknowledgement wins) or 'unknown'.
 */
export const acknowledgeScript = `${newerThan}
local entry = redis.call('HGET', KEYS[2], ARGV[1])
if not entry then return 'unknown' end
local last = redis.call('HGET', KEYS[3], 'lastAckedEntry')
if last and not newerThan(entry, last) then
  redis.call('HSET', KEYS[3], 'lastSeenMs', ARGV[4])
  return 'already'
end
local removed = redis.call('XRANGE', KEYS[1], '-', entry)
local batch = {}
for _, item in ipairs(removed) do
  batch[#batch + 1] = item[1]
  local fields = item[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'id' then redis.call('RPUSH', KEYS[4], fields[i + 1]) end
  end
  if #batch == 500 then
    redis.call('XDEL', KEYS[1], unpack(batch))
    batch = {}
  end
end
if #batch > 0 then redis.call('XDEL', KEYS[1], unpack(batch)) end
redis.call('HSET', KEYS[3], 'lastAckedId', ARGV[1], 'lastAckedEntry', entry,
  'lastOutcome', ARGV[2], 'lastRejectReason', ARGV[3], 'lastAckedMs', ARGV[4], 'lastSeenMs', ARGV[4])
local excess = redis.call('LLEN', KEYS[4]) - tonumber(ARGV[5])
if excess > 0 then
  local expired = redis.call('LRANGE', KEYS[4], 0, excess - 1)
  for i = 1, #expired, 500 do
    redis.call('HDEL', KEYS[2], unpack(expired, i, math.min(i + 499, #expired)))
  end
  redis.call('LTRIM', KEYS[4], excess, -1)
end
return 'acknowledged'
`;

/**
 * Opens a subscription session: a sequence number that orders sessions of the Space across
 * relay replicas, a lease key that says "connected" while the holder refreshes it, and a
 * notification so that a replica holding an older session ends it.
 *
 * KEYS: state, session. ARGV: now (ms), lease (ms), notification channel, Space. Returns the
 * session's sequence number.
 */
export const openSessionScript = `
local sequence = redis.call('HINCRBY', KEYS[1], 'sessionSeq', 1)
redis.call('SET', KEYS[2], sequence, 'PX', ARGV[2])
redis.call('HSET', KEYS[1], 'lastSeenMs', ARGV[1])
redis.call('PUBLISH', ARGV[3], 'subscribed ' .. ARGV[4] .. ' ' .. sequence)
return sequence
`;

/** Extends a session lease if the session still holds it. KEYS: session. ARGV: sequence, lease (ms). */
export const refreshSessionScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** Ends a session lease if the session still holds it (a newer one may have replaced it). */
export const closeSessionScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;
