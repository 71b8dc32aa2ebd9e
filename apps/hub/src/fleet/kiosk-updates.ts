// The kiosk shell's update files on this hub: a release directory built by electron-builder (its
// "generic" feeds latest-linux.yml / latest.yml and the artifacts they name) is published into
// <dataDir>/kiosk-updates after every artifact's size and sha512 matched its feed, the same check
// electron-updater makes on the screen. Publishing swaps the whole directory, so a screen never reads
// a feed whose files are half copied. Only the feeds, the files they name and their blockmaps are served.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  KIOSK_UPDATE_FEEDS,
  UpdateFeedSchema,
  UpdateFileNameSchema,
  type PublishedUpdate,
  type UpdateFeed,
} from '@glassbay/protocol';
import { parse } from 'yaml';
import { AppError } from '../domain/errors.ts';

export const kioskUpdatesDir = (dataDir: string) => join(dataDir, 'kiosk-updates');

type Feeds = Partial<Record<(typeof KIOSK_UPDATE_FEEDS)[number], UpdateFeed>>;

function readFeeds(dir: string): Feeds {
  const feeds: Feeds = {};
  for (const name of KIOSK_UPDATE_FEEDS) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const r = UpdateFeedSchema.safeParse(parse(readFileSync(path, 'utf8')));
    if (!r.success)
      throw new AppError(422, 'KIOSK_UPDATE_BAD_FEED', `${name}: ${r.error.issues[0]?.message ?? 'not a feed'}`);
    feeds[name] = r.data;
  }
  return feeds;
}

const sha512 = (path: string) =>
  new Promise<string>((resolve, reject) => {
    const h = createHash('sha512');
    createReadStream(path)
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('base64')))
      .on('error', reject);
  });

/** Check a release directory as electron-updater would: every artifact there, of its size and sha512. */
export async function checkRelease(dir: string): Promise<{ version: string; files: string[] }> {
  const feeds = readFeeds(dir);
  const names = Object.keys(feeds) as (keyof Feeds)[];
  if (names.length === 0)
    throw new AppError(422, 'KIOSK_UPDATE_NO_FEED', `${dir} has none of ${KIOSK_UPDATE_FEEDS.join(', ')}`);
  const versions = new Set(names.map((n) => feeds[n]!.version));
  if (versions.size > 1)
    throw new AppError(422, 'KIOSK_UPDATE_MIXED', `the feeds name different versions: ${[...versions].join(', ')}`);
  const files = new Set<string>(names);
  for (const name of names) {
    for (const a of feeds[name]!.files) {
      const path = join(dir, a.url);
      const st = await stat(path).catch(() => null);
      if (!st?.isFile()) throw new AppError(422, 'KIOSK_UPDATE_MISSING', `${name} names ${a.url}, which is not there`);
      if (a.size !== undefined && st.size !== a.size)
        throw new AppError(422, 'KIOSK_UPDATE_SIZE', `${a.url} is ${st.size} bytes; ${name} says ${a.size}`);
      if ((await sha512(path)) !== a.sha512)
        throw new AppError(422, 'KIOSK_UPDATE_SHA512', `${a.url} does not match the sha512 in ${name}`);
      files.add(a.url);
      if (existsSync(`${path}.blockmap`)) files.add(`${a.url}.blockmap`);
    }
  }
  return { version: [...versions][0]!, files: [...files] };
}

/** Publish a checked release: copy it beside the live directory, then swap the two. */
export async function publishRelease(src: string, dataDir: string): Promise<{ version: string; files: string[] }> {
  const release = await checkRelease(src);
  const live = kioskUpdatesDir(dataDir);
  const next = `${live}.next`;
  const old = `${live}.old`;
  await rm(next, { recursive: true, force: true });
  await mkdir(next, { recursive: true, mode: 0o700 });
  for (const f of release.files) await cp(join(src, f), join(next, f));
  // The copy is what will be served: check it again, not the source.
  await checkRelease(next);
  await rm(old, { recursive: true, force: true });
  if (existsSync(live)) await rename(live, old);
  await rename(next, live);
  await rm(old, { recursive: true, force: true });
  return release;
}

/** What this hub publishes now, and which files it may serve; read from the directory on each call. */
export function publishedUpdates(dataDir: string) {
  const dir = kioskUpdatesDir(dataDir);
  const current = (): { update: PublishedUpdate; files: Set<string> } | null => {
    let feeds: Feeds;
    try {
      feeds = readFeeds(dir);
    } catch {
      return null; // a directory filled by hand with a broken feed publishes nothing
    }
    const names = Object.keys(feeds) as (keyof Feeds)[];
    if (names.length === 0) return null;
    const files = new Set<string>(names);
    for (const n of names) for (const a of feeds[n]!.files) files.add(a.url).add(`${a.url}.blockmap`);
    const publishedAt = Math.max(...names.map((n) => statSync(join(dir, n)).mtimeMs));
    return { update: { version: feeds[names[0]!]!.version, feeds: names, publishedAt }, files };
  };
  return {
    current: () => current()?.update ?? null,
    /** The path of a file the feeds name (or a feed), or null: nothing else in the folder is served. */
    file(name: string): { path: string; size: number } | null {
      if (!UpdateFileNameSchema.safeParse(name).success) return null;
      const c = current();
      if (!c?.files.has(name)) return null;
      const path = join(dir, name);
      const st = statSync(path, { throwIfNoEntry: false });
      return st?.isFile() ? { path, size: st.size } : null;
    },
  };
}
export type PublishedUpdates = ReturnType<typeof publishedUpdates>;
