// Updating the screens' shell from the console. The hub serves the kiosk's own update files in
// electron-builder's "generic" layout (a feed per platform, latest-linux.yml / latest.yml, naming the
// artifacts with their size and sha512) under KIOSK_UPDATES_PATH; an installer publishes a release
// directory into it (`pnpm glassbay kiosk publish <dir>`). A manager asks all screens, or one, to
// update; the shell fetches the feed from its paired hub only, downloads, checks the sha512 and
// installs at a quiet moment. Each screen reports its shell version in the fleet view.
import { z } from 'zod';
import { ScreenIdSchema } from './screens-fleet.ts';
import { defineRoute } from './route.ts';

/** Where the hub serves the update files; the shell's feed URL is its hub's origin plus this. */
export const KIOSK_UPDATES_PATH = '/kiosk-updates';
/** The files route (not JSON: feeds and installers). Screens with their credential only. */
export const KIOSK_UPDATE_FILE_ROUTE = `${KIOSK_UPDATES_PATH}/:file`;
/** The feeds electron-updater asks for, by platform (electron-builder's names). */
export const KIOSK_UPDATE_FEEDS = ['latest-linux.yml', 'latest-linux-arm64.yml', 'latest.yml'] as const;

/** A file name inside the update directory: no folders, no dot files. */
export const UpdateFileNameSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, 'a plain file name')
  .refine((s) => !s.includes('..'), 'a plain file name');

/** One artifact as electron-builder writes it into a feed (sha512 in base64). */
export const UpdateArtifactSchema = z.object({
  url: UpdateFileNameSchema,
  sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 sha512'),
  size: z.number().int().positive().optional(),
});

/** The part of a feed the hub checks (electron-builder's UpdateInfo; other keys are kept as they are). */
export const UpdateFeedSchema = z.looseObject({
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a semantic version'),
  files: z.array(UpdateArtifactSchema).min(1),
  releaseDate: z.string().optional(),
});
export type UpdateFeed = z.infer<typeof UpdateFeedSchema>;

/** The published release (the console sees version and time in the fleet view's `update`). */
export interface PublishedUpdate {
  version: string;
  /** The feeds present, i.e. the platforms a screen can update on. */
  feeds: (typeof KIOSK_UPDATE_FEEDS)[number][];
  publishedAt: number;
}

export const kioskUpdateRoutes = {
  updateScreens: defineRoute({
    method: 'POST',
    path: '/api/screens/update',
    access: 'manager',
    summary: 'Ask every connected screen (or one) to update its shell from this hub; each installs at a quiet moment.',
    body: z.strictObject({ screenId: ScreenIdSchema.optional() }),
    response: z.object({ version: z.string(), asked: z.number().int(), delivered: z.number().int() }),
  }),
} as const;

/** What the shell says when asked to update (the page passes it on; the console sees the version change). */
export type ShellUpdateResult =
  | { state: 'up-to-date'; version: string }
  | { state: 'installing'; version: string }
  | { state: 'unsupported' | 'failed'; message: string };
