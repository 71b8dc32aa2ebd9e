import { describe, expect, it } from 'vitest';
import { liveUrlOf, sourceFromUrl } from './source.ts';

const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';

describe('the live page address', () => {
  it('reads a follow link or a camera, and nothing else', () => {
    expect(sourceFromUrl(`?t=${token}`)).toEqual({ kind: 'follow', followToken: token });
    expect(sourceFromUrl('?camera=bay1-cam')).toEqual({ kind: 'camera', cameraId: 'bay1-cam' });
    expect(sourceFromUrl('?t=short')).toBeNull();
    expect(sourceFromUrl('?camera=..%2Fx')).toBeNull();
    expect(sourceFromUrl('')).toBeNull();
    expect(sourceFromUrl(new URL(liveUrlOf(token), 'http://hub').search)).toEqual({
      kind: 'follow',
      followToken: token,
    });
  });
});
