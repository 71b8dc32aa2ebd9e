// Helpers for the media tests: HTTP without URL normalisation (to send `..` as an attacker would),
// ffprobe on a playlist, and polling until the hub shows what a viewer would see.
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** GET a raw path exactly as given (fetch would resolve `..` before sending). */
export function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Probe {
  streams: { codec_name: string; codec_type: string; width?: number; height?: number }[];
  format: { format_name: string; duration?: string };
}

/** What ffprobe (a real HLS client) reads from a playlist URL. */
export async function ffprobe(url: string): Promise<Probe> {
  const { stdout } = await run(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,codec_type,width,height:format=format_name,duration',
      '-of',
      'json',
      url,
    ],
    { timeout: 20_000 },
  );
  return JSON.parse(stdout) as Probe;
}

export async function until<T>(
  what: string,
  pick: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await pick();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Segment URIs of a playlist, in order. */
export const segmentUris = (playlist: string) => playlist.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

/** Parse a playlist's segment names into their numbers (seq, disc, start, duration). */
export function segmentsOf(playlist: string) {
  return segmentUris(playlist).map((uri) => {
    const name = uri.split('?')[0]!.split('/').at(-1)!;
    const [seq, disc, start, duration] = name.replace(/\.ts$/, '').split('-').map(Number) as [
      number,
      number,
      number,
      number,
    ];
    return { uri, name, seq, disc, start, duration };
  });
}
