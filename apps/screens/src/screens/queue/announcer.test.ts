import type { CallView } from '@glassbay/protocol';
import { describe, expect, it } from 'vitest';
import { Announcer } from './announcer.ts';

const NOW = Date.UTC(2025, 5, 2, 2, 0);
const call = (id: string, number: string, deskNumber: number, at = NOW): CallView => ({
  id,
  ticketId: id,
  number,
  laneId: 'maintenance',
  deskId: `desk-${deskNumber}`,
  deskNumber,
  deskName: { zh: `${deskNumber}号服务台`, en: `Desk ${deskNumber}` },
  lang: 'zh-CN',
  at,
  recall: false,
});

describe('announcements', () => {
  it('announces two calls made at once one after the other, never together', async () => {
    const log: string[] = [];
    let playing = 0;
    const a = new Announcer(async (c) => {
      playing++;
      expect(playing).toBe(1);
      log.push(`start ${c.number}`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`end ${c.number}`);
      playing--;
    });
    a.offer([call('2', 'B001', 2), call('1', 'A001', 1)], NOW);
    a.offer([call('2', 'B001', 2), call('1', 'A001', 1), call('3', 'A002', 3)], NOW);
    await new Promise((r) => setTimeout(r, 120));
    expect(log).toEqual(['start A001', 'end A001', 'start B001', 'end B001', 'start A002', 'end A002']);
  });

  it('does not announce calls made before the board started, nor old ones after a reconnect', async () => {
    const played: string[] = [];
    const a = new Announcer(async (c) => void played.push(c.number));
    a.know([call('1', 'A001', 1)]);
    a.offer([call('1', 'A001', 1), call('2', 'A002', 1, NOW - 5 * 60_000), call('3', 'A003', 2)], NOW);
    await new Promise((r) => setTimeout(r, 10));
    expect(played).toEqual(['A003']);
  });

  it('tells the screen which call is on, and when none is', async () => {
    const shown: (string | null)[] = [];
    const a = new Announcer(
      async () => {},
      (c) => shown.push(c?.number ?? null),
    );
    a.offer([call('1', 'A001', 1)], NOW);
    await new Promise((r) => setTimeout(r, 10));
    expect(shown).toEqual(['A001', null]);
  });
});
