// The recording ring's rule, as a pure function: which segments to delete, oldest first, so that each
// camera stays within its age and size limits and the disk keeps a floor of free space. The newest
// segments of every camera are never chosen: players of the live playlist may be fetching them.

export interface RingSegment {
  name: string;
  start: number;
  duration: number;
  bytes: number;
}

export interface RingCamera<S extends RingSegment = RingSegment> {
  id: string;
  /** Oldest first. */
  segments: readonly S[];
  /** Sum of `bytes` over `segments` (kept by the caller, so a plan costs only what it deletes). */
  totalBytes: number;
}

export interface RingLimits {
  /** Per camera. */
  maxBytes: number;
  /** Per camera: a segment that ended longer ago than this goes. */
  maxAgeMs: number;
  /** Free space the disk must keep; below it the oldest recording of any camera goes. */
  minFreeBytes: number;
  /** Newest segments per camera that are never deleted (the live window and what players fetch). */
  keepNewest: number;
}

export interface RingPlan<S extends RingSegment = RingSegment> {
  /** What to delete, per camera, oldest first. */
  deletions: { camera: string; segments: S[] }[];
  /** Bytes the disk is still short of its floor after the plan (only protected segments remain). */
  stillShortBytes: number;
}

export function planRing<S extends RingSegment>(
  cameras: readonly RingCamera<S>[],
  limits: RingLimits,
  disk: { freeBytes: number },
  now: number,
): RingPlan<S> {
  // Per camera: how many of its oldest segments go (a prefix, since deletion is oldest first).
  const cut = cameras.map(() => 0);
  const left = cameras.map((c) => c.totalBytes);
  let freed = 0;
  const deletable = (i: number) => cameras[i]!.segments.length - limits.keepNewest;

  cameras.forEach((c, i) => {
    const take = () => {
      const s = c.segments[cut[i]!]!;
      cut[i]!++;
      left[i]! -= s.bytes;
      freed += s.bytes;
    };
    while (cut[i]! < deletable(i) && c.segments[cut[i]!]!.start + c.segments[cut[i]!]!.duration < now - limits.maxAgeMs)
      take();
    while (cut[i]! < deletable(i) && left[i]! > limits.maxBytes) take();
  });

  // Disk floor: repeatedly delete the oldest remaining segment across all cameras.
  let short = limits.minFreeBytes - (disk.freeBytes + freed);
  while (short > 0) {
    let pick = -1;
    for (let i = 0; i < cameras.length; i++) {
      if (cut[i]! >= deletable(i)) continue;
      if (pick < 0 || cameras[i]!.segments[cut[i]!]!.start < cameras[pick]!.segments[cut[pick]!]!.start) pick = i;
    }
    if (pick < 0) break;
    const s = cameras[pick]!.segments[cut[pick]!]!;
    cut[pick]!++;
    short -= s.bytes;
  }

  return {
    deletions: cameras
      .map((c, i) => ({ camera: c.id, segments: c.segments.slice(0, cut[i]) }))
      .filter((d) => d.segments.length > 0),
    stillShortBytes: Math.max(0, short),
  };
}
