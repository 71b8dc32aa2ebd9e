// When to try a camera again after its ingest failed: exponential back-off, capped, and forgiven once
// the camera has delivered video for a while (a camera that ran for an hour and then dropped is a
// fresh problem, not the fifth failure in a row). Pure: the caller passes `now`.

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Online at least this long before a failure → the count starts again. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, factor: 2, resetAfterMs: 30_000 };

export interface BackoffState {
  /** Failures in a row. */
  failures: number;
  /** When the current run first delivered video, epoch ms; null while it has not. */
  onlineSince: number | null;
}

export const freshBackoff = (): BackoffState => ({ failures: 0, onlineSince: null });

/** The ingest delivered video (first segment of a run). */
export function backoffOnline(state: BackoffState, now: number): BackoffState {
  return state.onlineSince === null ? { ...state, onlineSince: now } : state;
}

/** The ingest failed: the new state and how long to wait before the next attempt. */
export function backoffFailure(
  policy: BackoffPolicy,
  state: BackoffState,
  now: number,
): { state: BackoffState; delayMs: number } {
  const forgiven = state.onlineSince !== null && now - state.onlineSince >= policy.resetAfterMs;
  const failures = forgiven ? 1 : state.failures + 1;
  const delayMs = Math.min(policy.maxMs, policy.initialMs * policy.factor ** (failures - 1));
  return { state: { failures, onlineSince: null }, delayMs: Math.round(delayMs) };
}
