import { describe, expect, it } from 'vitest';
import { matchRoute, screenRoutes } from './routes.ts';

describe('matchRoute', () => {
  it('finds a screen by its path, forgiving a trailing slash and letter case', () => {
    expect(matchRoute('/bays')?.path).toBe('/bays');
    expect(matchRoute('/bays/')?.path).toBe('/bays');
    expect(matchRoute('/Bays')?.path).toBe('/bays');
  });

  it('finds nothing at an unknown path or at the root (the screen chooser)', () => {
    expect(matchRoute('/nope')).toBeUndefined();
    expect(matchRoute('/')).toBeUndefined();
    expect(matchRoute('/bays/extra')).toBeUndefined();
  });

  it('lets a screen with sections own the paths below it, and only that screen', () => {
    expect(matchRoute('/console')?.path).toBe('/console');
    expect(matchRoute('/console/jobs')?.path).toBe('/console');
    expect(matchRoute('/Console/Jobs/')?.path).toBe('/console');
    expect(matchRoute('/consoles')).toBeUndefined();
    expect(matchRoute('/lounge/1')).toBeUndefined();
  });

  it('gives every screen a distinct path', () => {
    expect(new Set(screenRoutes.map((r) => r.path)).size).toBe(screenRoutes.length);
  });
});
