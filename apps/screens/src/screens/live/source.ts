// What the /live page's address says the viewer may watch: a follow link (`?t=`) or, for staff, a
// camera (`?camera=`). Anything else is no source: the page says the link is not valid.
import { FOLLOW_TOKEN_PARAM, FOLLOW_TOKEN_PATTERN, LIVE_CAMERA_PARAM, isValidId } from '@glassbay/protocol';
import { LANGUAGE_PARAM, languageParamValue, type Language } from '../../lib/i18n/language.ts';
import type { VideoSource } from './session.svelte.ts';

export function sourceFromUrl(search: string): VideoSource | null {
  const q = new URLSearchParams(search);
  const token = q.get(FOLLOW_TOKEN_PARAM);
  if (token && FOLLOW_TOKEN_PATTERN.test(token)) return { kind: 'follow', followToken: token };
  const camera = q.get(LIVE_CAMERA_PARAM);
  if (camera && isValidId(camera)) return { kind: 'camera', cameraId: camera };
  return null;
}

/** The live view of a follow link, for the phone's "watch live" button, in the language on screen now. */
export const liveUrlOf = (followToken: string, lang?: Language) =>
  `/live?${FOLLOW_TOKEN_PARAM}=${encodeURIComponent(followToken)}` +
  (lang ? `&${LANGUAGE_PARAM}=${languageParamValue(lang)}` : '');
