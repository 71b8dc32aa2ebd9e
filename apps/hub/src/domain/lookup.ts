// Slowing down guesses at the returning-customer lookup. Four digits are only 10,000 choices: after a
// few wrong tries for a plate (or from one kiosk), each further try must wait twice as long as the
// last, up to a ceiling. Unknown plates count exactly like known ones, so being slowed down says
// nothing about whether a plate is on record.

const MIN = 60_000;

export interface ThrottleRule {
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** Failures allowed before any wait. */
  free: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Per plate: three tries, then 30 s, 1 min, 2 min … up to 15 min between tries. */
export const PLATE_THROTTLE: ThrottleRule = { windowMs: 60 * MIN, free: 3, baseDelayMs: 30_000, maxDelayMs: 15 * MIN };
/**
 * Per kiosk (source address): a busy morning of new customers (each an unknown plate) stays well
 * under it; trying plate after plate does not.
 */
export const SOURCE_THROTTLE: ThrottleRule = {
  windowMs: 15 * MIN,
  free: 30,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * MIN,
};

/** When the next try is allowed, given the times of recent failures (any order). */
export function nextTryAt(failures: readonly number[], now: number, rule: ThrottleRule): number {
  const recent = failures.filter((t) => t > now - rule.windowMs);
  if (recent.length < rule.free) return now;
  const over = recent.length - rule.free;
  const delay = Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(over, 30));
  return Math.max(now, Math.max(...recent) + delay);
}
