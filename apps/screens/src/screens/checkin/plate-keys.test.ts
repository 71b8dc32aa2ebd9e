import { parsePlate } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { allowedNext, padFor, type PlateLayout } from './plate-keys.ts';

/** Type a plate key by key, failing on the first key the keyboard would not offer. */
function type(plate: string, layout: PlateLayout): string[] {
  const typed: string[] = [];
  for (const c of plate) {
    if (!allowedNext(typed, layout).has(c)) throw new Error(`"${c}" not offered after "${typed.join('')}"`);
    typed.push(c);
  }
  return typed;
}

describe('plate keyboard', () => {
  it('starts with the province pad and never offers I or O on Chinese plates', () => {
    expect(padFor([], 'cn7')).toBe('province');
    expect(padFor(['粤'], 'cn7')).toBe('serial');
    expect(allowedNext(['粤'], 'cn7').has('I')).toBe(false);
    expect(allowedNext(['粤', 'B', '1'], 'cn7').has('O')).toBe(false);
    expect(allowedNext(['粤'], 'cn7').has('1')).toBe(false);
  });

  it('lets every valid plate be typed and each one it lets through is valid', () => {
    const cases: [string, PlateLayout][] = [
      ['粤B12345', 'cn7'],
      ['京AF0236', 'cn7'],
      ['粤Z1234港', 'cn7'],
      ['粤BD12345', 'cn8'],
      ['粤BFA1234', 'cn8'],
      ['粤B12345D', 'cn8'],
      ['WOB1234', 'latin'],
    ];
    for (const [plate, layout] of cases) {
      const typed = type(plate, layout);
      expect(parsePlate(typed.join(''), layout === 'latin' ? 'latin' : 'cn').ok, plate).toBe(true);
    }
  });

  it('offers D/F only where new-energy plates have them', () => {
    expect([...allowedNext(['粤', 'B'], 'cn8')].sort().join('')).toBe('0123456789DF');
    expect([...allowedNext(['粤', 'B', '1', '2', '3', '4', '5'], 'cn8')].sort().join('')).toBe('DF');
    expect(() => type('粤BA12345', 'cn8')).toThrow(/"A" not offered/);
    expect(() => type('粤B12港45', 'cn7')).toThrow(/"港" not offered/);
  });

  it('stops at the plate length', () => {
    expect(allowedNext([...'粤B12345'], 'cn7').size).toBe(0);
    expect(allowedNext([...'ABCDEFGHIJ'], 'latin').size).toBe(0);
  });
});
