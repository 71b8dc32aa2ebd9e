// HLS playlists written from the segment index (RFC 8216), never by ffmpeg: the live playlist is a
// sliding window over the newest segments, a replay is a VOD playlist over any range of the ring.
// Every segment carries EXT-X-PROGRAM-DATE-TIME so a player can show and seek by wall-clock time.
import { segmentEnd, type Segment } from './segments.ts';

type SegmentUri = (s: Segment) => string;

/** Smallest EXT-X-TARGETDURATION valid for these segments (each EXTINF, rounded, must not exceed it). */
export const targetDurationOf = (segments: readonly Segment[]) =>
  Math.max(1, ...segments.map((s) => Math.round(s.duration / 1000)));

function body(segments: readonly Segment[], uri: SegmentUri, gapsBreak = false): string[] {
  const lines: string[] = [];
  segments.forEach((s, i) => {
    const prev = segments[i - 1];
    // A new ffmpeg run restarts timestamps and continuity counters: the player must reset its decoder.
    // So does a jump over segments left out of a replay (footage the viewer may not see).
    if (prev && (s.disc !== prev.disc || (gapsBreak && s.seq !== prev.seq + 1))) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.start).toISOString()}`);
    lines.push(`#EXTINF:${(s.duration / 1000).toFixed(3)},`);
    lines.push(uri(s));
  });
  return lines;
}

function header(segments: readonly Segment[], targetDuration: number): string[] {
  const first = segments[0];
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${first?.seq ?? 0}`,
    // Discontinuity numbers are consecutive per camera, so the first segment's number is exactly how
    // many discontinuities lie before the window [RFC 8216 4.3.3.3].
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first?.disc ?? 0}`,
    // Every segment starts with a key frame (ffmpeg cuts only there), so a player may start anywhere.
    '#EXT-X-INDEPENDENT-SEGMENTS',
  ];
}

/**
 * The live window: the newest `size` segments. `targetDuration` is held per camera by the caller so
 * it never changes while a player follows the playlist [RFC 8216 6.2.1].
 */
export function livePlaylist(
  segments: readonly Segment[],
  opts: { size: number; targetDuration: number; uri: SegmentUri },
): string {
  const window = segments.slice(-opts.size);
  return [
    ...header(window, Math.max(opts.targetDuration, targetDurationOf(window))),
    // A player may ask for the next playlist with ?_HLS_msn=N and the hub answers as soon as segment N
    // exists, instead of the player polling once per target duration [RFC 8216bis 6.2.5.2].
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
    ...body(window, opts.uri),
    '',
  ].join('\n');
}

/** A finished recording of [from, to): every overlapping segment, whole; a gap is a discontinuity. */
export function replayPlaylist(segments: readonly Segment[], uri: SegmentUri): string {
  return [
    ...header(segments, targetDurationOf(segments)),
    '#EXT-X-PLAYLIST-TYPE:VOD',
    ...body(segments, uri, true),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** The time a list of segments covers. */
export const spanOf = (segments: readonly Segment[]) =>
  segments.length === 0 ? undefined : { from: segments[0]!.start, to: segmentEnd(segments.at(-1)!) };
