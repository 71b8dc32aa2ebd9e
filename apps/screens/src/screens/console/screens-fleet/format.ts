// How the console writes a screen's figures: ages, durations and sizes, in the current language.
import type { FleetMessages } from './messages.ts';

export function ago(t: FleetMessages, then: number, now: number): string {
  const min = Math.floor(Math.max(0, now - then) / 60_000);
  if (min < 1) return t.justNow;
  if (min < 60) return t.minutesAgo(min);
  if (min < 48 * 60) return t.hoursAgo(Math.floor(min / 60));
  return t.daysAgo(Math.floor(min / 1440));
}

export function duration(t: FleetMessages, seconds: number): string {
  const m = Math.floor(seconds / 60);
  return t.duration(Math.floor(m / 60), m % 60);
}

export const megabytes = (mb: number): string => (mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`);

/** A pairing code as typed: capitals, no spaces or dashes, at most six characters. */
export const normaliseCode = (raw: string): string =>
  raw
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 6);
