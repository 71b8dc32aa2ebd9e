// One attacker of `pnpm bench abuse` (groups/abuse.ts), run as a process of its own: ABUSE_ATTACK names
// it, ABUSE_READY is the hub's ready line (its URLs), ABUSE_UNTIL when to stop (clock ms, the machine's
// monotonic clock, the same in every process). Prints {"sent": n} and exits. Every flood is bounded in
// time and in concurrency; loopback only.
import { connect as tcpConnect, type Socket as NetSocket } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { SocketEvents, staffRoutes, type ClientToServerEvents, type ServerToClientEvents } from '@glassbay/protocol';
import { clockMs } from './spine/clock.ts';
import type { ReadyLine } from './spine/ready.ts';
import { connectHeader } from '../hardware/src/oversized-connect.ts';

export type Attack = 'resync' | 'logins' | 'connects';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each attacker runs until `until` (clock ms) and keeps its concurrency bounded. */
const attackers: Record<Attack, (ready: ReadyLine, until: number) => Promise<number>> = {
  async resync(ready, until) {
    // One socket at a time, sending as fast as it can; cut off by the hub, it connects again.
    let sent = 0;
    while (clockMs() < until) {
      const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(ready.http, {
        transports: ['websocket'],
        auth: { audience: 'public' },
        forceNew: true,
        reconnection: false,
      });
      const open = await new Promise<boolean>((resolve) => {
        s.once(SocketEvents.snapshot, () => resolve(true));
        s.once('connect_error', () => resolve(false));
        setTimeout(() => resolve(false), 2_000);
      });
      while (open && s.connected && clockMs() < until) {
        for (let i = 0; i < 200; i++) s.emit(SocketEvents.resync, 'flood');
        sent += 200;
        await sleep(2);
      }
      s.close();
      if (!open) await sleep(10);
    }
    return sent;
  },

  async logins(ready, until) {
    let sent = 0;
    const one = async (n: number) => {
      while (clockMs() < until) {
        sent++;
        await fetch(`${ready.http}${staffRoutes.login.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: `nobody-${n}-${sent}`, password: 'not the password at all' }),
          signal: AbortSignal.timeout(15_000),
        })
          .then((r) => r.arrayBuffer())
          .catch(() => {});
      }
    };
    await Promise.all(Array.from({ length: 300 }, (_, n) => one(n)));
    return sent;
  },

  async connects(ready, until) {
    const u = new URL(ready.mqtt);
    let sent = 0;
    const one = async () => {
      while (clockMs() < until) {
        sent++;
        await new Promise<void>((resolve) => {
          const s: NetSocket = tcpConnect({ host: u.hostname, port: Number(u.port), localAddress: '127.0.0.2' });
          const done = () => (clearTimeout(t), s.destroy(), resolve());
          const t = setTimeout(done, 2_000);
          s.on('error', done);
          s.on('close', done);
          s.once('connect', () => {
            s.write(connectHeader(200 * 1024 * 1024));
            s.write(Buffer.alloc(64 * 1024, 0x41));
          });
        });
      }
    };
    await Promise.all(Array.from({ length: 50 }, () => one()));
    return sent;
  },
};

const attack = process.env.ABUSE_ATTACK as Attack | undefined;
if (attack) {
  const ready = JSON.parse(process.env.ABUSE_READY!) as ReadyLine;
  const sent = await attackers[attack](ready, Number(process.env.ABUSE_UNTIL));
  process.stdout.write(JSON.stringify({ sent }) + '\n');
  process.exit(0);
}
