// A recorded segment's file name is its index entry: `<seq>-<disc>-<startMs>-<durationMs>.ts`.
// The directory is the truth, so the ring survives a hub restart without a database of segments.
//   seq   media sequence number, +1 per segment for the camera's whole life (EXT-X-MEDIA-SEQUENCE)
//   disc  discontinuity sequence, +1 each time a new ffmpeg run starts (EXT-X-DISCONTINUITY-SEQUENCE)
//   start wall-clock time of the first frame in hub time, epoch ms (EXT-X-PROGRAM-DATE-TIME)

export interface Segment {
  seq: number;
  disc: number;
  /** Epoch ms of the first frame. */
  start: number;
  /** Duration in ms. */
  duration: number;
  bytes: number;
  name: string;
}

/** The only names the hub serves: anything else (a `..`, a slash, a partial file) is refused. */
export const SEGMENT_NAME = /^(\d{1,15})-(\d{1,9})-(\d{13})-(\d{1,7})\.ts$/;

/** Files ffmpeg is still writing; never served, removed when a run ends. */
export const PARTIAL_NAME = /^partial-[a-z0-9]{1,16}-\d{1,9}\.ts$/;

export const segmentEnd = (s: Pick<Segment, 'start' | 'duration'>) => s.start + s.duration;

export function segmentName(s: Pick<Segment, 'seq' | 'disc' | 'start' | 'duration'>): string {
  return `${s.seq}-${s.disc}-${s.start}-${Math.round(s.duration)}.ts`;
}

export function parseSegmentName(name: string, bytes = 0): Segment | undefined {
  const m = SEGMENT_NAME.exec(name);
  if (!m) return undefined;
  return { seq: Number(m[1]), disc: Number(m[2]), start: Number(m[3]), duration: Number(m[4]), bytes, name };
}

/** Segments overlapping [from, to): index range into a list sorted by seq (and so by start). */
export function overlapping<S extends Pick<Segment, 'start' | 'duration'>>(
  list: readonly S[],
  from: number,
  to: number,
): S[] {
  // Binary search for the first segment that ends after `from`; ends grow with seq.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segmentEnd(list[mid]!) <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: S[] = [];
  for (let i = lo; i < list.length && list[i]!.start < to; i++) out.push(list[i]!);
  return out;
}

/** Find a segment by seq in a list sorted by seq. */
export function findBySeq<S extends Pick<Segment, 'seq'>>(list: readonly S[], seq: number): S | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = list[mid]!.seq;
    if (s === seq) return list[mid];
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
