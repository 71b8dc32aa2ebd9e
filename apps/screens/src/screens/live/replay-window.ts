// Replay of footage that is still being recorded (the car is on its bay now) plays on by itself
// until it has caught up with the live picture. The hub answers a replay as a finished (VOD)
// playlist of [from, to), and a player stops at its end; so for a period still going, each reload
// asks for a fresh window around the play position and the answer is read as a growing playlist
// (no ENDLIST), which hls.js reloads every segment and plays on across, at any speed.
import type { HlsConfig, Loader, LoaderCallbacks, PlaylistLoaderConstructor, PlaylistLoaderContext } from 'hls.js';
import { hlsPaths } from '@glassbay/protocol';
import type { Span } from './timeline.ts';

/** Footage kept in the playlist behind the play position: a short jump back needs no new playlist. */
export const BEHIND_MS = 60_000;
/** Footage listed ahead of the play position: enough for 4x between reloads, small enough to reload each second. */
export const AHEAD_MS = 5 * 60_000;
/** A replay this close to the newest footage has caught up: it becomes the live picture. */
export const CAUGHT_UP_MS = 4_000;

/**
 * The range the next playlist covers: from a minute behind the play position (never before the
 * period) to a few minutes ahead of it (never after now). Before the first frame, `position` is
 * where the viewer asked to start.
 */
export function windowAround(range: Span, position: number, now: number): Span {
  const to = Math.min(now, position + AHEAD_MS);
  const from = Math.min(Math.max(range.from, position - BEHIND_MS), to - 1);
  return { from: Math.floor(from), to: Math.ceil(to) };
}

/** A finished playlist read as one that is still growing: no VOD type, no end. */
export const openEnded = (playlist: string) =>
  playlist
    .split('\n')
    .filter((l) => l !== '#EXT-X-ENDLIST' && !l.startsWith('#EXT-X-PLAYLIST-TYPE'))
    .join('\n');

/**
 * hls.js's playlist loader, with every request of the replay asking for the window around the play
 * position now (`window()`), and every answer read as still growing.
 */
export function openEndedLoader(
  Base: NonNullable<HlsConfig['loader']>,
  cameraId: string,
  window: () => Span,
): PlaylistLoaderConstructor {
  return class OpenEndedLoader extends (Base as unknown as new (config: HlsConfig) => Loader<PlaylistLoaderContext>) {
    override load(
      context: PlaylistLoaderContext,
      config: Parameters<Loader<PlaylistLoaderContext>['load']>[1],
      callbacks: LoaderCallbacks<PlaylistLoaderContext>,
    ) {
      const w = window();
      context.url = new URL(hlsPaths.replay(cameraId, w.from, w.to), location.href).toString();
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, net) => {
          if (typeof response.data === 'string') response.data = openEnded(response.data);
          callbacks.onSuccess(response, stats, ctx, net);
        },
      });
    }
  };
}
