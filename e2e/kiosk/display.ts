// An X display for Chromium in kiosk mode: Debian's Xvfb on a display number it picks itself
// (-displayfd), so parallel runs on a shared machine never collide. Null where Xvfb is not installed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Display {
  name: string;
  stop(): void;
}

const XVFB = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((p) => existsSync(p));

export async function startDisplay(): Promise<Display | null> {
  if (!XVFB) return null;
  const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('Xvfb did not report its display within 10 s')), 10_000);
    child.stdio[3]!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before it started`));
    });
  });
  return { name: `:${number}`, stop: () => void child.kill('SIGTERM') };
}
