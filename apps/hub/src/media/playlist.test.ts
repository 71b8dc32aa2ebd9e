import { describe, expect, it } from 'vitest';
import { livePlaylist, replayPlaylist } from './playlist.ts';
import { overlapping, parseSegmentName, segmentName, type Segment } from './segments.ts';

const t0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const seg = (seq: number, disc: number, start: number, duration = 1000): Segment => ({
  seq,
  disc,
  start,
  duration,
  bytes: 1000,
  name: segmentName({ seq, disc, start, duration }),
});
const uri = (s: Segment) => `segments/${s.name}?token=t`;

// Run 0: three segments; the camera drops; run 1 starts 5 s later.
const ring = [
  seg(10, 0, t0),
  seg(11, 0, t0 + 1000),
  seg(12, 0, t0 + 2000),
  seg(13, 1, t0 + 8000),
  seg(14, 1, t0 + 9000),
];

describe('segment names', () => {
  it('round-trip and refuse anything that is not a segment', () => {
    const s = seg(42, 3, t0, 1040);
    expect(parseSegmentName(s.name, 1000)).toEqual(s);
    for (const bad of [
      '../1-0-1795000000000-1000.ts',
      '1-0-1795000000000-1000.ts/..',
      'partial-a-1.ts',
      '1-0-17-1000.ts',
      '',
    ])
      expect(parseSegmentName(bad)).toBeUndefined();
  });

  it('find the segments overlapping a time range', () => {
    expect(overlapping(ring, t0 + 1500, t0 + 8500).map((s) => s.seq)).toEqual([11, 12, 13]);
    expect(overlapping(ring, t0 + 3000, t0 + 8000)).toEqual([]);
    expect(overlapping(ring, t0 - 5000, t0 + 1).map((s) => s.seq)).toEqual([10]);
  });
});

describe('playlists', () => {
  it('slide the live window and mark where the camera came back', () => {
    const text = livePlaylist(ring, { size: 3, targetDuration: 1, uri });
    expect(text.split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-TARGETDURATION:1',
      '#EXT-X-MEDIA-SEQUENCE:12',
      '#EXT-X-DISCONTINUITY-SEQUENCE:0',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-23T08:00:02.000Z',
      '#EXTINF:1.000,',
      `segments/${ring[2]!.name}?token=t`,
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-23T08:00:08.000Z',
      '#EXTINF:1.000,',
      `segments/${ring[3]!.name}?token=t`,
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-23T08:00:09.000Z',
      '#EXTINF:1.000,',
      `segments/${ring[4]!.name}?token=t`,
      '',
    ]);
  });

  it('count the discontinuities that slid out of the window', () => {
    const text = livePlaylist(ring, { size: 2, targetDuration: 1, uri });
    expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:13\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n');
    expect(text).not.toContain('#EXT-X-DISCONTINUITY\n');
  });

  it('never lower the target duration below a long segment (a camera with a 2 s key-frame interval)', () => {
    const text = livePlaylist([seg(1, 0, t0, 2040), seg(2, 0, t0 + 2040, 1960)], { size: 5, targetDuration: 1, uri });
    expect(text).toContain('#EXT-X-TARGETDURATION:2\n');
  });

  it('write a replay as a finished VOD playlist with the time of every segment', () => {
    const text = replayPlaylist(overlapping(ring, t0, t0 + 3000), uri);
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD\n');
    expect(text).not.toContain('SERVER-CONTROL'); // nothing to wait for in a finished recording
    expect(text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(text.match(/#EXT-X-PROGRAM-DATE-TIME/g)).toHaveLength(3);
    expect(text.match(/#EXTINF/g)).toHaveLength(3);
  });
});

describe('a replay with footage left out', () => {
  it('marks the jump over the left-out segments as a discontinuity, so the player resets its clock', () => {
    // Segments 11 and 12 belong to another customer's car: the viewer's replay skips them.
    const text = replayPlaylist([ring[0]!, ring[3]!, ring[4]!], uri);
    const withGap = replayPlaylist([seg(20, 2, t0), seg(23, 2, t0 + 3000)], uri);
    expect(withGap.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    // A live window never gets one for a gap: its discontinuity count must stay stable between reloads.
    const live = livePlaylist([seg(20, 2, t0), seg(23, 2, t0 + 3000)], { size: 6, targetDuration: 1, uri });
    expect(live).not.toContain('#EXT-X-DISCONTINUITY\n');
    expect(text.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
  });
});
