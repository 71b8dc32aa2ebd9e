// A desk's usual breaks, learned from the days before (#17: the queue's p90 target). The forecast
// used to assume every open desk keeps calling until the queue is empty, so the customers who came
// just before a desk's lunch were told waits far too short (bench README: 30 of the 77 errors over
// 9 minutes). A desk that, day after day, made no call for a stretch of the same hours while its
// lanes' customers waited (another desk called them after they had waited) is away then: the
// forecast lets it leave and come back at those hours today. Pure: calls in, breaks out.
import { median } from './wristband-pairing.ts';

const MIN = 60_000;

export const BREAKS = {
  /** No call for this long while its customers wait: the desk was away. */
  minGapMs: 40 * MIN,
  /** A customer called by another desk after waiting this long shows there was work to do. */
  waitedMs: 5 * MIN,
  /** Days of history looked at, and on how many of those with calls the break must recur. */
  days: 7,
  minDays: 2,
  /** A desk seen calling at T before its break may call again a little later on another day. */
  lastCallMs: 5 * MIN,
  share: 0.5,
} as const;

export interface PastCall {
  deskId: string;
  at: number;
  laneId: string;
  /** When the called ticket was taken. */
  createdAt: number;
}

/** A break in hours of the day: ms since the day's start. */
export interface DeskBreak {
  from: number;
  to: number;
}

/**
 * Each desk's usual breaks (in ms since the start of a day), from its calls on the days before
 * today. `dayStart` maps a moment to the start of its shop day (local midnight).
 */
export function usualBreaks(
  calls: readonly PastCall[],
  lanesOf: (deskId: string) => readonly string[],
  today: number,
  dayStart: (t: number) => number,
): Map<string, DeskBreak[]> {
  const past = calls.filter((c) => c.at < today).sort((a, b) => a.at - b.at);
  const out = new Map<string, DeskBreak[]>();
  for (const deskId of new Set(past.map((c) => c.deskId))) {
    const lanes = lanesOf(deskId);
    const mine = past.filter((c) => c.deskId === deskId);
    const days = new Set(mine.map((c) => dayStart(c.at)));
    const gaps: (DeskBreak & { day: number })[] = [];
    for (let i = 1; i < mine.length; i++) {
      const a = mine[i - 1]!.at;
      const b = mine[i]!.at;
      const day = dayStart(a);
      if (b - a < BREAKS.minGapMs || dayStart(b) !== day) continue;
      // Away, not idle: another desk called one of its lanes' customers who had been waiting.
      const needed = past.some(
        (c) =>
          c.deskId !== deskId &&
          c.at > a &&
          c.at < b &&
          lanes.includes(c.laneId) &&
          c.at - c.createdAt >= BREAKS.waitedMs,
      );
      if (needed) gaps.push({ day, from: a - day, to: b - day });
    }
    const breaks: DeskBreak[] = [];
    for (const g of gaps) {
      if (breaks.some((k) => overlap(k, g) > 0)) continue;
      const alike = gaps.filter((o) => overlap(o, g) >= 0.5 * Math.min(o.to - o.from, g.to - g.from));
      const onDays = new Set(alike.map((o) => o.day)).size;
      if (onDays < Math.max(BREAKS.minDays, Math.ceil(BREAKS.share * days.size))) continue;
      // It leaves after its last call of the morning, which varies with the customers: it can call
      // until the latest such call seen; it is back by its usual first call after.
      breaks.push({
        from: Math.max(...alike.map((o) => o.from)) + BREAKS.lastCallMs,
        to: median(alike.map((o) => o.to))!,
      });
    }
    if (breaks.length > 0) out.set(deskId, breaks);
  }
  return out;
}

const overlap = (a: DeskBreak, b: DeskBreak) => Math.max(0, Math.min(a.to, b.to) - Math.max(a.from, b.from));

/** The start of the shop's day a moment belongs to, in the hub's local time (as localDay). */
export const localDayStart = (t: number): number => new Date(t).setHours(0, 0, 0, 0);
