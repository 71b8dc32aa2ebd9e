// The lounge code of a ticket and of the job it becomes (LOUNGE_CODE_DIGITS in the protocol). It is
// derived from the follow token's hash, which only the hub holds (the token itself is never stored),
// so the ticket, the job it becomes and the phone view agree on it without a column of its own, and
// a reissued follow link revokes the old code along with the old link.
import { createHash } from 'node:crypto';
import { LOUNGE_CODE_DIGITS } from '@glassbay/protocol';

export function loungeCodeOf(followTokenHash: string): string {
  const digest = createHash('sha256').update(`glassbay-lounge-code:${followTokenHash}`).digest();
  // 48 bits modulo 10^6: the bias is below one in 10^8.
  return String(digest.readUIntBE(0, 6) % 10 ** LOUNGE_CODE_DIGITS).padStart(LOUNGE_CODE_DIGITS, '0');
}
