/**
 * The rate rules' Lua scripts. Each runs atomically in Redis, so two replicas counting the same
 * IP cannot lose an increment. Time comes in as ARGV (the caller's clock, injectable in tests);
 * a state's own fields say when it ends, and key TTLs only collect what nobody reads any more.
 *
 * Failed logins and signups per IP use GCRA: one stored number, the theoretical arrival time
 * (TAT). A burst of `limit` events fits; each further one waits for an emission interval.
 */

/**
 * Reads (and for signups, counts) what the rules say about a batch of attempts, in order, as if
 * each were its own call: concurrent Checks share one script call (and one round trip) instead of
 * paying one each. The caller leaves out the rules a Space turned off (and leaves out an attempt
 * entirely when none is left).
 *
 * Per attempt i (from 0), KEYS[3i+1..3i+3]: brute-force hash of the user (any key of the PoP
 * when not read), failed-login TAT, signup TAT; ARGV[8i+1..8i+8]: now, event (`login`|`signup`),
 * IP key, read the brute-force block (0|1), read the failed-login budget (0|1), failed-login
 * tolerance, signup interval, signup tolerance.
 * Returns, per attempt, blocked 0|1, failed-login retry ms, signup retry ms (one flat list).
 */
export const checkScript = `
local results = {}
for i = 0, #KEYS / 3 - 1 do
  local k = i * 3
  local a = i * 8
  local now = tonumber(ARGV[a + 1])
  local event = ARGV[a + 2]
  local blocked = 0
  local failRetry = 0
  local signupRetry = 0
  if event == 'login' then
    if ARGV[a + 4] == '1' then
      local untilMs = tonumber(redis.call('HGET', KEYS[k + 1], 'b:' .. ARGV[a + 3]) or '0')
      if untilMs > now then blocked = 1 end
    end
    if ARGV[a + 5] == '1' then
      local tat = tonumber(redis.call('GET', KEYS[k + 2]) or '0')
      local excess = math.max(tat, now) - now - tonumber(ARGV[a + 6])
      if excess > 0 then failRetry = excess end
    end
  elseif event == 'signup' then
    local interval = tonumber(ARGV[a + 7])
    local tat = math.max(tonumber(redis.call('GET', KEYS[k + 3]) or '0'), now)
    local excess = tat - now - tonumber(ARGV[a + 8])
    if excess > 0 then
      signupRetry = excess
    else
      redis.call('SET', KEYS[k + 3], tostring(tat + interval), 'PX', math.max(1, math.ceil(tat + interval - now)))
    end
  end
  results[k + 1] = blocked
  results[k + 2] = failRetry
  results[k + 3] = signupRetry
end
return results
`;

/**
 * Records a login outcome.
 *
 * KEYS: brute-force hash of the user, brute-force IP index, failed-login TAT.
 * ARGV: now, outcome (`failure`|`success`|`reset`), IP key, user key, has user (0|1),
 * brute-force threshold, block ms, failed-login interval, failed-login tolerance, brute force
 * on (0|1), suspicious-IP throttling on (0|1). A rule that is off counts nothing.
 * Returns 1 when this failure started a brute-force block, else 0.
 */
export const reportScript = `
local now = tonumber(ARGV[1])
local outcome = ARGV[2]
local hasUser = ARGV[5] == '1'
local blockMs = tonumber(ARGV[7])
if outcome == 'failure' then
  if ARGV[11] == '1' then
    local interval = tonumber(ARGV[8])
    local tolerance = tonumber(ARGV[9])
    local tat = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), now)
    -- Failures past the limit do not push the TAT further out: one attempt is restored per
    -- interval however hard the IP keeps trying.
    local nextTat = math.min(tat + interval, now + tolerance + interval)
    redis.call('SET', KEYS[3], tostring(nextTat), 'PX', math.max(1, math.ceil(nextTat - now)))
  end
  if not hasUser or ARGV[10] ~= '1' then return 0 end
  local failures = redis.call('HINCRBY', KEYS[1], 'n:' .. ARGV[3], 1)
  redis.call('SADD', KEYS[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], blockMs)
  redis.call('PEXPIRE', KEYS[2], blockMs)
  if failures >= tonumber(ARGV[6]) then
    redis.call('HDEL', KEYS[1], 'n:' .. ARGV[3])
    redis.call('HSET', KEYS[1], 'b:' .. ARGV[3], tostring(now + blockMs))
    return 1
  end
  return 0
end
if not hasUser then return 0 end
if outcome == 'success' then
  redis.call('HDEL', KEYS[1], 'n:' .. ARGV[3])
elseif outcome == 'reset' then
  redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * Lifts rate-rule blocks and throttles.
 *
 * KEYS: brute-force hash of the user, brute-force IP index, failed-login TAT, signup TAT.
 * ARGV: now, has user (0|1), has IP (0|1), IP key, user key, brute-force key prefix,
 * failed-login tolerance, signup tolerance. Returns how many active blocks or throttles ended.
 */
export const unblockScript = `
local now = tonumber(ARGV[1])
local hasUser = ARGV[2] == '1'
local hasIp = ARGV[3] == '1'
local ip = ARGV[4]
local cleared = 0
local function activeBlock(key, field)
  local untilMs = tonumber(redis.call('HGET', key, field) or '0')
  return untilMs > now
end
if hasUser and hasIp then
  if activeBlock(KEYS[1], 'b:' .. ip) then cleared = cleared + 1 end
  redis.call('HDEL', KEYS[1], 'n:' .. ip, 'b:' .. ip)
  redis.call('SREM', KEYS[2], ARGV[5])
elseif hasUser then
  local fields = redis.call('HGETALL', KEYS[1])
  for i = 1, #fields, 2 do
    if string.sub(fields[i], 1, 2) == 'b:' and tonumber(fields[i + 1]) > now then
      cleared = cleared + 1
    end
  end
  redis.call('DEL', KEYS[1])
else
  for _, user in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    local key = ARGV[6] .. user
    if activeBlock(key, 'b:' .. ip) then cleared = cleared + 1 end
    redis.call('HDEL', key, 'n:' .. ip, 'b:' .. ip)
  end
  redis.call('DEL', KEYS[2])
end
if hasIp then
  local failTat = tonumber(redis.call('GET', KEYS[3]) or '0')
  if failTat - now > tonumber(ARGV[7]) then cleared = cleared + 1 end
  local signupTat = tonumber(redis.call('GET', KEYS[4]) or '0')
  if signupTat - now > tonumber(ARGV[8]) then cleared = cleared + 1 end
  redis.call('DEL', KEYS[3], KEYS[4])
end
return cleared
`;
