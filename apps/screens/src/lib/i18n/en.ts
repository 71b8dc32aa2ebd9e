// English. Typed by the Chinese source dictionary: every key must be here, no other key may be.
import type { Messages } from './messages.ts';

/** 95 → "1 h 35 min"; whole minutes, the largest two units. */
export function enDuration(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

export const en: Messages = {
  shopName: 'Glassbay Auto Service',
  language: 'Language',

  screenBays: 'Workshop bays',
  screenCheckIn: 'Check-in',
  screenQueue: 'Queue',
  screenPair: 'Pair this screen',
  screenLounge: 'Service progress',
  screenFollow: 'My car',
  screenLive: 'Live view',
  screenConsole: 'Staff console',
  screenPerformance: 'Shop performance',
  screenNotFound: 'Screen not found',
  screenNotFoundHint: (path) => `${path} is not a Glassbay screen. Choose one:`,
  screenChooser: 'Choose a screen',
  screenChooserHint: 'Which screen should this device show?',

  connecting: 'Connecting to the hub…',
  offlineSince: (time) => `Connection to the hub lost at ${time} · showing the last known state`,

  bayFree: 'Free',
  bayOccupied: 'Occupied',
  bayNoData: 'No data',
  bayFreeFor: (minutes) => (minutes < 1 ? 'free just now' : `free ${enDuration(minutes)}`),
  bayOccupiedFor: (minutes) => (minutes < 1 ? 'occupied just now' : `occupied ${enDuration(minutes)}`),
  bayNeverReported: 'No sensor reading yet',
  bayLastKnown: 'Last known state',
  lift: 'Lift',
  liftDown: 'down',
  liftMoving: 'moving',
  liftUp: 'up',
  liftUnknown: 'unknown',
  door: 'Door',
  doorOpen: 'open',
  doorClosed: 'closed',
  sensorOnline: 'Sensor online',
  sensorOffline: 'Sensor offline',
  sensorNone: 'No sensor fitted',
  countFree: (n) => `${n} free`,
  countOccupied: (n) => `${n} occupied`,
  countOffline: (n) => `${n} offline`,
  baysNone: 'No bays set up yet',
  baysNoneHint: 'The installer adds bays with: pnpm glassbay bay add',
};
