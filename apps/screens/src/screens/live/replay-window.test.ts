import { describe, expect, it } from 'vitest';
import { AHEAD_MS, BEHIND_MS, openEnded, windowAround } from './replay-window.ts';

describe('the replay window of footage still being recorded', () => {
  const range = { from: 1_000_000, to: 9_000_000 };

  it('lists a minute behind the play position and a few minutes ahead, never past now', () => {
    expect(windowAround(range, 5_000_000, 9_500_000)).toEqual({
      from: 5_000_000 - BEHIND_MS,
      to: 5_000_000 + AHEAD_MS,
    });
    expect(windowAround(range, 9_400_000, 9_420_000)).toEqual({ from: 9_400_000 - BEHIND_MS, to: 9_420_000 });
  });

  it('never starts before the footage it was asked for', () => {
    expect(windowAround(range, 1_010_000, 2_000_000).from).toBe(1_000_000);
  });

  it('reads a finished playlist as one still growing', () => {
    const vod = ['#EXTM3U', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXTINF:1.000,', 'segments/a.ts', '#EXT-X-ENDLIST', ''].join(
      '\n',
    );
    expect(openEnded(vod)).toBe(['#EXTM3U', '#EXTINF:1.000,', 'segments/a.ts', ''].join('\n'));
  });
});
