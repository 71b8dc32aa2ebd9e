// A stand-in for electron-updater's autoUpdater, which needs the Electron binary (not downloadable
// here): over real HTTP it does what the generic provider does with the feed URL and request headers
// the shell set: read latest-linux.yml, download the file it names, check its sha512. "Installing"
// records the verified bytes instead of replacing the app.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UpdaterLike } from '../../apps/kiosk/src/updater.ts';

// The kiosk's own YAML parser (the root has none), as advertiser.ts takes multicast-dns.
const kioskDir = resolve(fileURLToPath(import.meta.url), '../../../apps/kiosk');
const { parse } = createRequire(join(kioskDir, 'package.json'))('yaml') as { parse(text: string): unknown };

export class HttpUpdater implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  requestHeaders: UpdaterLike['requestHeaders'] = null;
  feed = '';
  /** The file downloaded and verified, and whether the shell asked to install it (silent, run after). */
  downloaded: { name: string; bytes: Buffer } | null = null;
  installs: [boolean | undefined, boolean | undefined][] = [];

  setFeedURL(o: { provider: 'generic'; url: string }): void {
    this.feed = o.url;
  }

  private async get(name: string): Promise<Response> {
    const res = await fetch(`${this.feed}/${name}`, { headers: this.requestHeaders as Record<string, string> });
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return res;
  }

  async checkForUpdates() {
    const info = parse(await (await this.get('latest-linux.yml')).text()) as { version: string };
    return { updateInfo: info };
  }

  async downloadUpdate() {
    const info = parse(await (await this.get('latest-linux.yml')).text()) as {
      files: { url: string; sha512: string }[];
    };
    const file = info.files[0]!;
    const bytes = Buffer.from(await (await this.get(file.url)).arrayBuffer());
    if (createHash('sha512').update(bytes).digest('base64') !== file.sha512)
      throw new Error('sha512 checksum mismatch');
    this.downloaded = { name: file.url, bytes };
    return [file.url];
  }

  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}
