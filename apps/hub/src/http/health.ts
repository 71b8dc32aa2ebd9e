// GET /healthz: the hub's own view of whether it can do its job (the database answers, the broker
// link is up), with the counts an installer reads first.
import type { Health } from '@glassbay/protocol';
import { counterTotal, type Metrics } from '../metrics.ts';
import type { MqttEdge } from '../mqtt/edge.ts';
import type { DevicesRepository } from '../mqtt/devices.repository.ts';
import type { Relay } from '../realtime/relay.ts';
import type { DeadLettersRepository } from '../store/dead-letters.repository.ts';
import type { Db } from '../store/db.ts';
import type { StorageHealth } from '../store/storage.ts';
import { HUB_VERSION } from './server.ts';

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export function healthOf(deps: {
  started: number;
  storage: Pick<StorageHealth, 'status'>;
  /** The address the embedded broker listens on. */
  host: string;
  dbFile: string;
  migrations: number;
  db: Db;
  edge: MqttEdge;
  registry: DevicesRepository;
  deadLetters: DeadLettersRepository;
  metrics: Metrics;
  relay: Pick<Relay, 'connected'>;
  bays: { count(): number };
  /** The TLS certificate's fingerprint for installers to pin; null when the hub serves plain HTTP. */
  tlsFingerprint256: string | null;
}): () => Promise<Health> {
  const { db, edge, metrics } = deps;
  return async () => {
    const dc = deps.registry.counts();
    let dbOk = true;
    try {
      db.prepare('SELECT 1').get();
    } catch {
      dbOk = false;
    }
    const connected = edge.client.connected;
    const storage = deps.storage.status();
    const reasons = [
      ...(dbOk ? [] : ['database_unreadable']),
      ...(connected ? [] : ['broker_disconnected']),
      ...(storage.ok ? [] : [`storage_${storage.reason}`]),
    ];
    return {
      status: reasons.length === 0 ? 'ok' : 'degraded',
      reasons,
      storage: {
        ok: storage.ok,
        reason: storage.reason,
        freeMb: storage.freeBytes === null ? null : Math.round(storage.freeBytes / 2 ** 20),
        reserveMb: Math.round(storage.reserveBytes / 2 ** 20),
        since: storage.since,
      },
      version: HUB_VERSION,
      uptimeSec: Math.round((Date.now() - deps.started) / 1000),
      broker: {
        mode: edge.link.kind,
        connected,
        url: edge.link.kind === 'external' ? redact(edge.link.url) : `mqtt://${deps.host}:${edge.broker!.port}`,
      },
      database: { ok: dbOk, file: deps.dbFile, migrations: deps.migrations },
      tls: { on: deps.tlsFingerprint256 !== null, fingerprint256: deps.tlsFingerprint256 },
      counts: {
        bays: deps.bays.count(),
        devices: dc.n,
        devicesOnline: dc.online,
        screens: deps.relay.connected(),
        accepted: await counterTotal(metrics.accepted),
        rejected: await counterTotal(metrics.rejected),
        deadLetters: deps.deadLetters.count(),
      },
    };
  };
}
