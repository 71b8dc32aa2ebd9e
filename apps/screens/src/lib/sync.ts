// What a screen does with an incoming patch, given the snapshot epoch and revision it holds. The hub
// numbers patches per audience; a screen applies only the next one (realtime.ts in the protocol).

export interface Held {
  epoch: string;
  rev: number;
}

/**
 * - `apply`: the next revision of the same epoch.
 * - `stale`: a revision the held state already includes (sent before a snapshot it asked for).
 * - `gap`: no state yet, a new epoch (the hub restarted) or a missed revision: ask for a snapshot.
 */
export type PatchVerdict = 'apply' | 'stale' | 'gap';

export function patchVerdict(held: Held | null, patch: Held): PatchVerdict {
  if (!held || patch.epoch !== held.epoch) return 'gap';
  if (patch.rev === held.rev + 1) return 'apply';
  return patch.rev <= held.rev ? 'stale' : 'gap';
}
