import type { IgnoreReason, RejectReason } from '@glassbay/protocol';

/** What became of one incoming message. */
export type Outcome =
  { ok: true } | { ok: false; ignored: IgnoreReason } | { ok: false; rejected: RejectReason; detail: string };

export const accepted: Outcome = { ok: true };
export const reject = (rejected: RejectReason, detail: string): Outcome => ({ ok: false, rejected, detail });
export const ignore = (ignored: IgnoreReason): Outcome => ({ ok: false, ignored });
