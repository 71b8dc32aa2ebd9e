// One camera's ingest: a supervised ffmpeg that copies the camera's H.264 into the recording ring.
// It notices a camera that stops sending (ffmpeg exits, or no new segment for `stallMs`), marks it
// offline and tries again with back-off; it never needs the hub to restart.
import { spawn as spawnPlain, type ChildProcess } from 'node:child_process';
import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { CameraState } from '@glassbay/protocol';
import type { Logger } from '../logger.ts';
import type { SpawnChild } from './children.ts';
import { backoffFailure, backoffOnline, freshBackoff, type BackoffPolicy } from './backoff.ts';
import { redactUrl } from './cameras.repository.ts';
import { SEGMENT_LIST_FD, ingestArgs, parseProgress, parseSegmentLine, type FinishedSegment } from './ffmpeg.ts';
import type { CameraRecording } from './recordings.ts';
import type { Segment } from './segments.ts';

export interface SupervisorOptions {
  ffmpegPath: string;
  backoff: BackoffPolicy;
  /** Online camera with no new segment for this long → offline. */
  stallMs: number;
  /** A (re)started ingest with no first segment after this long → offline. */
  startTimeoutMs: number;
}

export interface SupervisorStatus {
  state: Exclude<CameraState, 'disabled'>;
  since: number;
  bitrateKbps: number | null;
  lastFrameAt: number | null;
  lastSegmentAt: number | null;
  error: { code: string; message: string } | null;
  retryAt: number | null;
  /** The running ffmpeg's pid (for the health view and tests). */
  pid: number | null;
}

interface Run {
  id: string;
  child: ChildProcess;
  spawnedAt: number;
  /** Wall-clock time of stream time 0 in this run, fixed by the first segment. */
  anchor: number | null;
  /** Recent estimates of the anchor, one per segment (arrival time minus stream time). */
  offsets: number[];
  stderrTail: string;
  /** This run has delivered at least one segment. */
  gotVideo: boolean;
}

/** How often the watchdog looks; the offline verdict comes at most this much after `stallMs`. */
const WATCH_MS = 1000;
const KILL_GRACE_MS = 2000;
/** Segments the stream-to-clock anchor is estimated over (half a minute of 1 s segments). */
const ANCHOR_SAMPLES = 30;

export function createSupervisor(deps: {
  camera: { id: string; inputUrl: string };
  recording: CameraRecording;
  options: SupervisorOptions;
  onSegment: (s: Segment) => void;
  /** `state`: the state changed (publish now); `stats`: bitrate or frame time moved (publish lazily). */
  onChange: (kind: 'state' | 'stats') => void;
  log: Logger;
  now?: () => number;
  /** How ffmpeg is started (the hub's: tied to the hub's life and recorded). */
  spawn?: SpawnChild;
}) {
  const { camera, recording, options, onSegment, onChange } = deps;
  const spawn = deps.spawn ?? spawnPlain;
  const log = deps.log.child({ camera: camera.id });
  const now = deps.now ?? Date.now;
  const status: SupervisorStatus = {
    state: 'starting',
    since: now(),
    bitrateKbps: null,
    lastFrameAt: null,
    lastSegmentAt: null,
    error: null,
    retryAt: null,
    pid: null,
  };
  let backoff = freshBackoff();
  let run: Run | null = null;
  let lastFrame = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  const recent: { bytes: number; duration: number }[] = [];

  const setState = (state: SupervisorStatus['state']) => {
    if (status.state === state) return;
    status.state = state;
    status.since = now();
    onChange('state');
  };

  function start(): void {
    if (stopping) return;
    status.retryAt = null;
    const id = now().toString(36);
    const child = spawn(options.ffmpegPath, ingestArgs(camera.inputUrl, recording.dir, id), {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const r: Run = { id, child, spawnedAt: now(), anchor: null, offsets: [], stderrTail: '', gotVideo: false };
    run = r;
    lastFrame = 0;
    status.pid = child.pid ?? null;
    // A camera that is down stays "offline" while the hub retries, instead of flapping to "starting".
    if (status.state !== 'offline') setState('starting');
    else onChange('state');
    log.debug({ pid: child.pid, url: redactUrl(camera.inputUrl) }, 'ingest started');

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (run !== r) return;
      if (err.code === 'ENOENT')
        fail('FFMPEG_NOT_FOUND', `ffmpeg was not found at "${options.ffmpegPath}"; install it or set GLASSBAY_FFMPEG`);
      else fail('INGEST_FAILED', `could not start ffmpeg: ${err.message}`);
    });
    let progress = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const { blocks, rest } = parseProgress(progress + chunk);
      progress = rest.slice(-4096);
      for (const b of blocks)
        if (run === r && b.frame > lastFrame) {
          lastFrame = b.frame;
          status.lastFrameAt = now();
        }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      r.stderrTail = (r.stderrTail + chunk).slice(-1000);
    });
    let list = '';
    (child.stdio[SEGMENT_LIST_FD] as Readable).setEncoding('utf8').on('data', (chunk: string) => {
      list += chunk;
      let nl: number;
      while ((nl = list.indexOf('\n')) >= 0) {
        const line = list.slice(0, nl);
        list = list.slice(nl + 1);
        const fin = parseSegmentLine(line);
        // A run given up on may still finish its last segment; it would land after the new run's.
        if (fin && run === r) segmentDone(r, fin);
        else if (fin) continue;
        else log.warn({ line: line.slice(0, 200) }, 'unexpected line in the segment list');
      }
    });
    child.on('close', (code, signal) => {
      removePartials(r.id);
      if (run !== r) return;
      run = null;
      status.pid = null;
      if (stopping) return;
      const why =
        lastLine(r.stderrTail) ?? (signal ? `ffmpeg was stopped by ${signal}` : `ffmpeg exited with code ${code}`);
      if (r.gotVideo) fail('CAMERA_DISCONNECTED', `the camera stream ended: ${redactUrl(why)}`);
      else fail('CAMERA_UNREACHABLE', `cannot read the camera at ${redactUrl(camera.inputUrl)}: ${redactUrl(why)}`);
    });
  }

  function segmentDone(r: Run, fin: FinishedSegment): void {
    const t = now();
    const duration = (fin.endSec - fin.startSec) * 1000;
    // The muxer closes a segment when the next key frame arrives, so it ended about now. Keep a run's
    // times contiguous (stream time + one anchor) unless the camera's clock drifts by over a second.
    // A report can only arrive late (a busy machine), never early: the smallest recent estimate is
    // the truest, so a late burst neither moves the times forward nor, once over, back over each other.
    const arrived = t - duration;
    r.offsets.push(arrived - fin.startSec * 1000);
    if (r.offsets.length > ANCHOR_SAMPLES) r.offsets.shift();
    const estimate = Math.min(...r.offsets);
    if (r.anchor === null || Math.abs(r.anchor - estimate) > 1000) r.anchor = estimate;
    let seg: Segment;
    try {
      seg = recording.commit(r.id, fin.file, r.anchor + fin.startSec * 1000, duration);
    } catch (err) {
      log.error({ err, file: fin.file }, 'cannot move a finished segment into the ring');
      return;
    }
    // The ring trims first, so what staff are told about the recording is already true.
    onSegment(seg);
    status.lastSegmentAt = t;
    recent.push({ bytes: seg.bytes, duration: seg.duration });
    if (recent.length > 5) recent.shift();
    const ms = recent.reduce((n, s) => n + s.duration, 0);
    status.bitrateKbps = ms > 0 ? Math.round((recent.reduce((n, s) => n + s.bytes, 0) * 8) / ms) : null;
    r.gotVideo = true;
    if (status.state !== 'online') {
      backoff = backoffOnline(backoff, t);
      status.error = null;
      setState('online');
      log.info({ pid: r.child.pid }, 'camera online');
    } else onChange('stats');
  }

  function fail(code: string, message: string): void {
    if (stopping) return;
    const r = run;
    run = null;
    status.pid = null;
    if (r) kill(r.child);
    const next = backoffFailure(options.backoff, backoff, now());
    backoff = next.state;
    status.error = { code, message };
    status.retryAt = now() + next.delayMs;
    log.warn({ code, message, retryInMs: next.delayMs }, 'camera offline');
    if (status.state === 'offline') onChange('state');
    setState('offline');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(start, next.delayMs);
  }

  const watchdog = setInterval(() => {
    const t = now();
    if (run && !run.gotVideo && t - run.spawnedAt > options.startTimeoutMs)
      fail(
        'CAMERA_NO_VIDEO',
        `connected, but no video arrived within ${options.startTimeoutMs / 1000} s; is the URL an H.264 video stream?`,
      );
    else if (run?.gotVideo && status.lastSegmentAt !== null && t - status.lastSegmentAt > options.stallMs)
      fail('CAMERA_STALLED', `the camera stopped sending video ${Math.round((t - status.lastSegmentAt) / 1000)} s ago`);
  }, WATCH_MS);
  watchdog.unref();

  function removePartials(runId: string): void {
    try {
      for (const f of readdirSync(recording.dir))
        if (f.startsWith(`partial-${runId}-`)) unlinkSync(join(recording.dir, f));
    } catch (err) {
      log.warn({ err }, 'cannot remove partial segments');
    }
  }

  start();

  return {
    status: (): SupervisorStatus => ({ ...status, error: status.error && { ...status.error } }),
    /** Stop ffmpeg gracefully (it finishes the segment it is writing) and stop retrying. */
    async stop(): Promise<void> {
      stopping = true;
      clearInterval(watchdog);
      clearTimeout(retryTimer);
      const r = run;
      if (!r || r.child.exitCode !== null || r.child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        r.child.once('close', () => resolve());
        kill(r.child);
      });
    },
  };
}
export type Supervisor = ReturnType<typeof createSupervisor>;

/** SIGTERM lets ffmpeg close its segment; SIGKILL follows if it hangs on a dead socket. */
function kill(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  t.unref();
  child.once('close', () => clearTimeout(t));
}

const lastLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1)
    ?.slice(0, 300);
