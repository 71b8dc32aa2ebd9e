import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { afterProbe, HubMoveWatch, MOVE_POLICY, probeOrigin, type Probe } from './hub-moved.ts';
import { memoryLog } from './log.ts';
import { manualTimers } from './testing.ts';

describe('after a probe', () => {
  it('searches at the second refusal in a row; an answer or a silence starts the count again', () => {
    let n = 0;
    const steps: boolean[] = [];
    for (const p of ['refused', 'silent', 'refused', 'answered', 'refused', 'refused'] as Probe[]) {
      const next = afterProbe(n, p, MOVE_POLICY);
      n = next.refusedInRow;
      steps.push(next.search);
    }
    expect(steps).toEqual([false, false, false, false, false, true]);
  });
});

describe('hub move watch', () => {
  function setup(answers: Probe[]) {
    const timers = manualTimers();
    const did: string[] = [];
    const watch = new HubMoveWatch({
      timers,
      probe: () => {
        const p = answers.shift() ?? 'refused';
        did.push(`probe ${p} at ${timers.now()}`);
        return Promise.resolve(p);
      },
      search: () => did.push(`search at ${timers.now()}`),
      endSearch: () => did.push('end search'),
      log: memoryLog(),
    });
    // Let each probe's promise settle before the clock moves on (a probe here takes 100 ms).
    const advance = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        timers.advance(100);
        await Promise.resolve();
        await Promise.resolve();
      }
    };
    return { timers, did, watch, advance };
  }

  it('starts the search about two seconds after the link drops when nothing listens at the address', async () => {
    const { did, watch, advance } = setup(['refused', 'refused']);
    watch.link(false);
    watch.link(false); // every beat repeats the news; one watch at a time
    await advance(10_000);
    expect(did).toEqual(['probe refused at 0', 'probe refused at 2100', 'search at 2100']);
  });

  it('never searches for a hub that restarts or hangs at its address, and stops asking when the link is back', async () => {
    const { did, watch, advance } = setup(['refused', 'answered', 'silent', 'refused', 'silent']);
    watch.link(false);
    await advance(9_000);
    expect(did.filter((d) => d.startsWith('search'))).toEqual([]);
    watch.link(true);
    expect(did.at(-1)).toBe('end search');
    const asked = did.length;
    await advance(20_000);
    expect(did.length).toBe(asked);
  });

  it('a search started for a link that comes back is ended', async () => {
    const { did, watch, advance } = setup([]);
    watch.link(false);
    await advance(3_000);
    watch.link(true);
    expect(did.slice(-2)).toEqual(['search at 2100', 'end search']);
    watch.link(true);
    expect(did.filter((d) => d === 'end search')).toHaveLength(1);
  });
});

describe('probing an address', () => {
  it('tells an address where nothing listens from one that answers, whatever the status', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    expect(await probeOrigin(`http://127.0.0.1:${port}`, fetch, 2_000)).toBe('answered');
    await new Promise<void>((r) => server.close(() => r()));
    expect(await probeOrigin(`http://127.0.0.1:${port}`, fetch, 2_000)).toBe('refused');
  });

  it('calls a hub that accepts and never answers silent, not gone', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    expect(await probeOrigin(`http://127.0.0.1:${port}`, fetch, 300)).toBe('silent');
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
