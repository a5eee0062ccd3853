/**
 * The outbox's Lua scripts. Each runs atomically in Redis, so a change of an entry's place and
 * state is all or nothing, and conditional on the entry still being where the caller saw it
 * (several control-plane processes may dispatch at once).
 */

/** Fields of an entry hash, in the order `addScript` receives them per entry. */
export const ENTRY_ARGS = [
  'id',
  'pop',
  'space',
  'kind',
  'emergency',
  'issuedAtMs',
  'payload',
  'signature',
  'keyId',
] as const;

/** Keys per entry that `addScript` receives after its two fixed keys. */
export const ADD_KEYS_PER_ENTRY = 5;

/**
 * Adds entries unless their id is held or was delivered recently.
 *
 * KEYS: sequence, pops; then per entry: entry, delivered, queue, queued-spaces, pending.
 * ARGV: per entry, the values of ENTRY_ARGS.
 */
export const addScript = `
local perEntry = ${ADD_KEYS_PER_ENTRY}
local args = ${ENTRY_ARGS.length}
for i = 0, (#KEYS - 2) / perEntry - 1 do
  local k = 2 + i * perEntry
  local a = i * args
  local id, pop, space = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3]
  if redis.call('EXISTS', KEYS[k + 1]) == 0 and redis.call('EXISTS', KEYS[k + 2]) == 0 then
    local seq = redis.call('INCR', KEYS[1])
    redis.call('HSET', KEYS[k + 1], 'pop', pop, 'space', space, 'kind', ARGV[a + 4],
      'emergency', ARGV[a + 5], 'issuedAtMs', ARGV[a + 6], 'payload', ARGV[a + 7],
      'signature', ARGV[a + 8], 'keyId', ARGV[a + 9], 'seq', seq, 'state', 'queued', 'attempts', 0)
    redis.call('RPUSH', KEYS[k + 3], id)
    redis.call('SADD', KEYS[k + 4], space)
    redis.call('ZADD', KEYS[k + 5], seq, pop .. ':' .. id)
    redis.call('SADD', KEYS[2], pop)
  end
end
return 1
`;

/**
 * Moves the queue's head to the at-relay list if it is still `id`. Returns 1 if it moved.
 *
 * KEYS: entry, queue, at-relay, queued-spaces, at-relay-spaces. ARGV: id, space.
 */
export const markAtRelayScript = `
if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[1] then return 0 end
redis.call('LPOP', KEYS[2])
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], 'state', 'at-relay')
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HDEL', KEYS[1], 'lastError')
if redis.call('LLEN', KEYS[2]) == 0 then redis.call('SREM', KEYS[4], ARGV[2]) end
redis.call('SADD', KEYS[5], ARGV[2])
return 1
`;

/** Keys per entry that `markAllAtRelayScript` receives after its two fixed keys. */
export const MARK_KEYS_PER_ENTRY = 3;

/**
 * `markAtRelayScript` for several entries of one PoP in one call (a batch the relay took).
 * Returns, per entry, 1 if it moved.
 *
 * KEYS: queued-spaces, at-relay-spaces; then per entry: entry, queue, at-relay.
 * ARGV: per entry, id and space.
 */
export const markAllAtRelayScript = `
local moved = {}
for i = 0, (#KEYS - 2) / ${MARK_KEYS_PER_ENTRY} - 1 do
  local k = 2 + i * ${MARK_KEYS_PER_ENTRY}
  local id, space = ARGV[i * 2 + 1], ARGV[i * 2 + 2]
  if redis.call('LINDEX', KEYS[k + 2], 0) == id then
    redis.call('LPOP', KEYS[k + 2])
    redis.call('RPUSH', KEYS[k + 3], id)
    redis.call('HSET', KEYS[k + 1], 'state', 'at-relay')
    redis.call('HINCRBY', KEYS[k + 1], 'attempts', 1)
    redis.call('HDEL', KEYS[k + 1], 'lastError')
    if redis.call('LLEN', KEYS[k + 2]) == 0 then redis.call('SREM', KEYS[1], space) end
    redis.call('SADD', KEYS[2], space)
    moved[i + 1] = 1
  else
    moved[i + 1] = 0
  end
end
return moved
`;

/**
 * Records a failed attempt on an entry that exists and is not at the relay.
 *
 * KEYS: entry. ARGV: state (queued or refused), error.
 */
export const recordFailureScript = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state or state == 'at-relay' then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'lastError', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return 1
`;

/**
 * Removes ids in order while each is the head of the at-relay list; remembers them as delivered.
 * Returns how many it removed.
 *
 * KEYS: at-relay, at-relay-spaces, pending; then per id: entry, delivered.
 * ARGV: space, PoP, how long to remember delivered ids (ms), then the ids.
 */
export const removeAcknowledgedScript = `
local removed = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('LINDEX', KEYS[1], 0) ~= id then break end
  redis.call('LPOP', KEYS[1])
  local k = 4 + (i - 4) * 2
  redis.call('DEL', KEYS[k])
  redis.call('SET', KEYS[k + 1], '1', 'PX', ARGV[3])
  redis.call('ZREM', KEYS[3], ARGV[2] .. ':' .. id)
  removed = removed + 1
end
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return removed
`;
