import { describe, expect, it } from 'vitest';
import { ingestArgs, parseProgress, parseSegmentLine } from './ffmpeg.ts';

describe('ffmpeg ingest', () => {
  it('copies the video without re-encoding and drops audio', () => {
    const args = ingestArgs('rtsp://admin:pw@10.0.0.5/stream1', '/data/media/cam-1', 'abc');
    const after = (flag: string) => args[args.indexOf(flag) + 1];
    expect(after('-c:v')).toBe('copy');
    expect(args).toContain('-an');
    expect(args).not.toContain('-c:a');
    expect(after('-rtsp_transport')).toBe('tcp');
    expect(after('-segment_time')).toBe('1');
    expect(after('-i')).toBe('rtsp://admin:pw@10.0.0.5/stream1');
    expect(args.at(-1)).toBe('/data/media/cam-1/partial-abc-%06d.ts');
    // Non-RTSP inputs get a read timeout instead of the RTSP socket timeout.
    const tcp = ingestArgs('tcp://127.0.0.1:9000', '/d', 'x');
    expect(tcp).toContain('-rw_timeout');
    expect(tcp).not.toContain('-rtsp_transport');
  });

  it('reads finished segments from the segment list, refusing paths', () => {
    expect(parseSegmentLine('partial-abc-000003.ts,3.000000,4.040000\n')).toEqual({
      file: 'partial-abc-000003.ts',
      startSec: 3,
      endSec: 4.04,
    });
    expect(parseSegmentLine('../x.ts,0,1')).toBeUndefined();
    expect(parseSegmentLine('a.ts,2,2')).toBeUndefined();
    expect(parseSegmentLine('garbage')).toBeUndefined();
  });

  it('reads progress blocks split across chunks', () => {
    const block = (frame: number, end = false) =>
      `frame=${frame}\nfps=25.00\nbitrate=N/A\nout_time_us=${frame * 40000}\nprogress=${end ? 'end' : 'continue'}\n`;
    const all = block(25) + block(50) + block(60, true);
    const cut = all.length - 20;
    const first = parseProgress(all.slice(0, cut));
    expect(first.blocks.map((b) => b.frame)).toEqual([25, 50]);
    const second = parseProgress(first.rest + all.slice(cut));
    expect(second.blocks).toEqual([{ frame: 60, outTimeUs: 2_400_000, ended: true }]);
    expect(second.rest).toBe('');
  });
});
