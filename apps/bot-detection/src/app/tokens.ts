/** Injection token of the {@link RatePolicy} (tests shorten it). */
export const RATE_POLICY = Symbol('RATE_POLICY');
