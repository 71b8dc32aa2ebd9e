// The ETA as customers read it (#17): a range of times rather than one minute, and a car standing
// still said so, with the reason staff gave. The lounge card and the phone view both use these.
import { idleReasonLabels, type EtaRange, type JobIdle } from '@glassbay/protocol';
import type { ProgressMessages } from './messages.ts';

/** "预计 10:40–11:05" / "Ready 10:40–11:05"; a single time when the range is one moment wide. */
export function etaRangeText(t: ProgressMessages, range: EtaRange, time: (ms: number) => string): string {
  const from = time(range.low);
  const to = time(range.high);
  return from === to ? t.eta(from) : t.etaRange(from, to);
}

/** "等待配件" / "Waiting for parts", or a plain "paused" when nobody gave a reason. */
export function idleText(t: ProgressMessages, idle: JobIdle, name: (n: { zh: string; en: string }) => string): string {
  return idle.reason ? name(idleReasonLabels[idle.reason]) : t.idle;
}
