import { describe, expect, it } from 'vitest';
import { layoutFor, pageOf } from './paging.ts';

// A 1080p TV: 1920×1080 px at 28 px per rem, less the header and margins.
const TV = { w: 66.5, h: 33 };

describe('lounge layout', () => {
  it('gives a handful of jobs big cards on one page, one car no bigger than one of six', () => {
    const l = layoutFor(5, TV.w, TV.h);
    expect(l.pages).toBe(1);
    expect(l.cols * l.rows).toBe(6);
    expect(layoutFor(1, TV.w, TV.h)).toEqual(l);
  });

  it('pages 40 jobs at the smallest legible card, every job on some page', () => {
    const l = layoutFor(40, TV.w, TV.h);
    expect(l.pages).toBeGreaterThan(1);
    expect(l.perPage).toBe(l.cols * l.rows);
    const ids = Array.from({ length: 40 }, (_, i) => i);
    const seen = Array.from({ length: l.pages }, (_, p) => pageOf(ids, l, p)).flat();
    expect(seen).toEqual(ids);
  });

  it('keeps one card on a tiny screen and wraps the page number around', () => {
    const l = layoutFor(3, 10, 5);
    expect(l.perPage).toBe(1);
    expect(l).toMatchObject({ cols: 1, rows: 1, pages: 3 });
    expect(pageOf(['a', 'b', 'c'], l, 4)).toEqual(['b']);
  });
});
