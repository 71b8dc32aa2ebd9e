// A simulated workshop camera: ffmpeg draws a test picture with the wall-clock time burned in
// (millisecond resolution, for glass-to-glass checks), encodes it once as H.264 with one key frame a
// second, and the camera serves it as MPEG-TS over TCP to any number of viewers, as many IP cameras
// and encoders do. The hub pulls it like a real camera (tcp://host:port) and copies the H.264.
//
// Run one per bay: `tsx hardware/src/camera/sim.ts --label "Bay 1" --port 8601`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export interface CameraSimOptions {
  /** Burned into the picture next to the time, e.g. the bay's name (ASCII). */
  label: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  width?: number;
  height?: number;
  fps?: number;
  bitrateKbps?: number;
  ffmpegPath?: string;
}

export interface CameraSim {
  /** What to configure in the hub: `pnpm glassbay camera add <id> --bay <bay> --url <url>`. */
  url: string;
  port: number;
  /** The encoder's pid. */
  pid: number | undefined;
  viewers: () => number;
  /** Hang like a crashed camera: connections stay open but no more video flows (until `false`). */
  freeze: (frozen: boolean) => void;
  /** Stop encoding and drop every viewer, as a camera that loses power. */
  stop: () => Promise<void>;
}

const TS_PACKET = 188;
/** A viewer that falls this far behind is dropped, as a camera drops a stalled client. */
const MAX_BACKLOG = 4 * 1024 * 1024;
const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/noto/NotoSansMono-Regular.ttf',
];

/** A monospaced font file for the clock (digits must not jump about), found through fontconfig. */
export function findMonoFont(): string | undefined {
  try {
    const file = execFileSync('fc-match', ['-f', '%{file}', 'monospace'], { encoding: 'utf8' }).trim();
    if (file && existsSync(file)) return file;
  } catch {
    // No fontconfig tools: fall back to the usual Debian paths.
  }
  return FONT_CANDIDATES.find((f) => existsSync(f));
}

/** ffmpeg arguments: test picture → clock overlay → H.264 (1 s GOP) → MPEG-TS on stdout. */
export function encoderArgs(
  o: Required<Omit<CameraSimOptions, 'host' | 'port' | 'ffmpegPath'>>,
  textFile: string,
  font?: string,
) {
  // Stamp each frame with the real time it was drawn (RTCTIME), then renumber frames for the encoder.
  const draw = [
    font ? `fontfile=${font}` : 'font=monospace',
    `textfile=${textFile}`,
    `fontsize=${Math.round(o.height / 18)}`,
    'fontcolor=white',
    'box=1',
    'boxcolor=black@0.6',
    'boxborderw=12',
    'x=24',
    'y=h-th-36',
  ].join(':');
  const filter = `settb=1/1000000,setpts=RTCTIME,drawtext=${draw},setpts=N/(${o.fps}*TB)`;
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}`,
    '-vf',
    filter,
    '-r',
    String(o.fps),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    // One key frame per second, never more: the hub's HLS segments are one GOP long.
    '-g',
    String(o.fps),
    '-keyint_min',
    String(o.fps),
    '-sc_threshold',
    '0',
    '-b:v',
    `${o.bitrateKbps}k`,
    '-maxrate',
    `${o.bitrateKbps}k`,
    '-bufsize',
    `${Math.round(o.bitrateKbps / 2)}k`,
    '-f',
    'mpegts',
    'pipe:1',
  ];
}

export async function startCameraSim(options: CameraSimOptions): Promise<CameraSim> {
  const o = { width: 1280, height: 720, fps: 25, bitrateKbps: 2000, ...options };
  const host = o.host ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'glassbay-camera-'));
  const textFile = join(dir, 'overlay.txt');
  // drawtext expands %{…}; the label is printed literally, so keep it to safe characters.
  const label = o.label.replace(/[^A-Za-z0-9 ._-]/g, '').slice(0, 24);
  writeFileSync(textFile, `${label}  %{pts:localtime:0:%Y-%m-%d %H\\:%M\\:%S}.%{eif:mod(floor(t*1000)\\,1000):d:3}`);

  const viewers = new Set<Socket & { aligned?: boolean }>();
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => viewers.delete(socket));
    // Viewers only receive, like a camera's stream port; anything they send is ignored.
    socket.resume();
    viewers.add(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  const encoder: ChildProcess = spawn(
    o.ffmpegPath ?? 'ffmpeg',
    encoderArgs(
      { label, width: o.width, height: o.height, fps: o.fps, bitrateKbps: o.bitrateKbps },
      textFile,
      findMonoFont(),
    ),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  encoder.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  // No ffmpeg here: say so (the close below reports it) instead of crashing the process.
  encoder.on('error', (err) => (stderr = `cannot start ffmpeg: ${err.message}`));
  let offset = 0;
  let frozen = false;
  encoder.stdout!.on('data', (chunk: Buffer) => {
    for (const v of viewers) {
      if (frozen) {
        v.aligned = false;
        continue;
      }
      let data = chunk;
      if (!v.aligned) {
        // A new viewer starts on a TS packet boundary; the demuxer then waits for PAT/PMT and a key frame.
        const skip = (TS_PACKET - (offset % TS_PACKET)) % TS_PACKET;
        if (skip >= chunk.length) continue;
        data = chunk.subarray(skip);
        v.aligned = true;
      }
      if (v.writableLength > MAX_BACKLOG) v.destroy();
      else v.write(data);
    }
    offset += chunk.length;
  });
  const exited = new Promise<void>((resolve) => encoder.once('close', () => resolve()));
  let stopping = false;
  encoder.once('close', (code) => {
    // The camera "lost power": viewers see the stream end.
    for (const v of viewers) v.destroy();
    server.close();
    if (!stopping)
      process.stderr.write(`camera sim ${label}: encoder exited (${code}): ${stderr.trim().slice(-300)}\n`);
  });

  return {
    url: `tcp://${host}:${port}`,
    port,
    pid: encoder.pid,
    viewers: () => viewers.size,
    freeze: (f) => {
      frozen = f;
    },
    async stop() {
      stopping = true;
      for (const v of viewers) v.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (encoder.exitCode === null && encoder.signalCode === null) encoder.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      label: { type: 'string', default: 'Bay' },
      port: { type: 'string', default: '0' },
      host: { type: 'string' },
    },
  });
  const sim = await startCameraSim({
    label: values.label,
    port: Number(values.port),
    ...(values.host ? { host: values.host } : {}),
  });
  process.stdout.write(`camera "${values.label}" streaming at ${sim.url}\n`);
  const end = () => void sim.stop().then(() => process.exit(0));
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}
