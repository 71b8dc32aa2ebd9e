// Which keys the plate keyboard offers at each position, so a customer can only type what a plate of
// that kind can hold (GA 36-2018): the province pad first, then the city letter (no I or O), then
// letters and digits; for new-energy plates D/F in their place; the special last characters last.
import {
  LATIN_PLATE_MAX,
  NEW_ENERGY_MARKS,
  PLATE_DIGITS,
  PLATE_LETTERS,
  PLATE_PROVINCES,
  PLATE_SUFFIXES,
} from '@glassbay/protocol';

export type PlateLayout = 'cn7' | 'cn8' | 'latin';

export const LATIN_KEYS = 'QWERTYUIOPASDFGHJKLZXCVBNM';

export const plateLength = (layout: PlateLayout): number =>
  layout === 'cn7' ? 7 : layout === 'cn8' ? 8 : LATIN_PLATE_MAX;

const set = (...groups: string[]) => new Set(groups.join(''));

/** The characters allowed as the next one after `typed` (none when the plate is full). */
export function allowedNext(typed: readonly string[], layout: PlateLayout): Set<string> {
  const i = typed.length;
  if (i >= plateLength(layout)) return new Set();
  if (layout === 'latin') return set(LATIN_KEYS, PLATE_DIGITS);
  if (i === 0) return set(PLATE_PROVINCES);
  if (i === 1) return set(PLATE_LETTERS);
  if (layout === 'cn7')
    return i === 6 ? set(PLATE_LETTERS, PLATE_DIGITS, PLATE_SUFFIXES) : set(PLATE_LETTERS, PLATE_DIGITS);
  // New energy: D/F + letter-or-digit + four digits, or five digits + D/F.
  const small = NEW_ENERGY_MARKS.includes(typed[2] ?? '');
  if (i === 2) return set(NEW_ENERGY_MARKS, PLATE_DIGITS);
  if (i === 3) return small ? set(PLATE_LETTERS, PLATE_DIGITS) : set(PLATE_DIGITS);
  if (i < 7) return set(PLATE_DIGITS);
  return small ? set(PLATE_DIGITS) : set(NEW_ENERGY_MARKS);
}

/** Which pad to show next: the province pad, or letters and digits. */
export const padFor = (typed: readonly string[], layout: PlateLayout): 'province' | 'serial' =>
  layout !== 'latin' && typed.length === 0 ? 'province' : 'serial';
