// The ingest command line and the two things ffmpeg tells us while it runs, as pure functions:
// a finished segment (one CSV line on fd 3) and progress (key=value blocks on stdout).
import { join } from 'node:path';

/** fd 3 of the ffmpeg child: the segment muxer writes one CSV line per finished segment there. */
export const SEGMENT_LIST_FD = 3;

/** How long ffmpeg waits on a silent network input before it gives up (and we restart it). */
const IO_TIMEOUT_US = 5_000_000;

/**
 * ffmpeg arguments to pull one camera and cut its H.264 into ~1 s MPEG-TS segments, without
 * re-encoding. Segments are cut only at key frames, so their length is the camera's key-frame
 * interval: configure the camera for one key frame per second.
 */
export function ingestArgs(inputUrl: string, dir: string, runId: string): string[] {
  const scheme = inputUrl.slice(0, inputUrl.indexOf(':')).toLowerCase();
  const input =
    scheme === 'rtsp' || scheme === 'rtsps'
      ? // TCP interleaving: no lost UDP packets on a busy workshop network, one port through firewalls.
        ['-rtsp_transport', 'tcp', '-timeout', String(IO_TIMEOUT_US)]
      : ['-rw_timeout', String(IO_TIMEOUT_US)];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    '-stats_period',
    '1',
    // Probe briefly: the stream is known to be H.264; five seconds of default probing is five seconds
    // of black on every (re)connect.
    '-analyzeduration',
    '1000000',
    '-probesize',
    '1000000',
    ...input,
    '-i',
    inputUrl,
    '-map',
    '0:v:0',
    '-c:v',
    'copy',
    // No audio: workshop sound is not part of the product and recording conversations needs consent.
    '-an',
    // Start the run's timestamps at its first key frame: the segment muxer reports the first
    // segment as starting at 0, so any lead-in would inflate that segment's duration.
    '-avoid_negative_ts',
    'make_zero',
    '-f',
    'segment',
    '-segment_format',
    'mpegts',
    '-segment_time',
    '1',
    // Cut at a key frame that lands within 50 ms of the 1 s mark (camera timestamps jitter).
    '-segment_time_delta',
    '0.05',
    '-segment_list',
    `pipe:${SEGMENT_LIST_FD}`,
    '-segment_list_type',
    'csv',
    join(dir, `partial-${runId}-%06d.ts`),
  ];
}

export interface FinishedSegment {
  /** The partial file's base name, as ffmpeg wrote it. */
  file: string;
  /** Stream time of the first and after the last frame, seconds since the run began. */
  startSec: number;
  endSec: number;
}

/** One line of the segment muxer's CSV list: `file,start,end`. */
export function parseSegmentLine(line: string): FinishedSegment | undefined {
  const m = /^([^,/\\]+),(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(line.trim());
  if (!m) return undefined;
  const startSec = Number(m[2]);
  const endSec = Number(m[3]);
  if (!(endSec > startSec)) return undefined;
  return { file: m[1]!, startSec, endSec };
}

export interface Progress {
  frame: number;
  /** Stream time written so far, µs. */
  outTimeUs: number | null;
  ended: boolean;
}

/**
 * Split ffmpeg's `-progress` output into blocks; each block ends with `progress=continue|end`.
 * Returns the parsed blocks and the unfinished rest to prepend to the next chunk.
 */
export function parseProgress(buffer: string): { blocks: Progress[]; rest: string } {
  const blocks: Progress[] = [];
  let fields = new Map<string, string>();
  let consumed = 0;
  let at = 0;
  for (;;) {
    const nl = buffer.indexOf('\n', at);
    if (nl < 0) break;
    const line = buffer.slice(at, nl).trim();
    at = nl + 1;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    fields.set(key, value);
    if (key === 'progress') {
      const out = Number(fields.get('out_time_us'));
      blocks.push({
        frame: Number(fields.get('frame') ?? 0) || 0,
        outTimeUs: Number.isFinite(out) ? out : null,
        ended: value === 'end',
      });
      fields = new Map();
      consumed = at;
    }
  }
  return { blocks, rest: buffer.slice(consumed) };
}
