// The demo workshop's cameras: one simulated camera per demo bay, each with the bay's name and the
// wall clock burned in, served on a loopback port the way an IP camera serves its stream. Each
// camera keeps its port from one run to the next (noted in the demo's secrets file), so the hub's
// camera of each bay keeps pointing at it; only a port taken by something else moves.
import { startCameraSim, type CameraSim, type CameraSimOptions } from '../camera/sim.ts';
import { readSecrets, writeSecrets } from './fleet.ts';

/** Small and light: eight encoders share the demo machine with the hub (about 4% of a core each). */
export const DEMO_PICTURE = { width: 640, height: 360, fps: 15, bitrateKbps: 600 } as const;
export type Picture = Pick<CameraSimOptions, 'width' | 'height' | 'fps' | 'bitrateKbps'>;

export interface DemoCamera {
  cameraId: string;
  bayId: string;
  name: string;
  /** Where the hub pulls it: tcp://127.0.0.1:<port>. */
  url: string;
}

export const demoCameraId = (bayId: string) => `${bayId}-cam`;

export async function startDemoCameras(
  bays: readonly { bayId: string; name: string }[],
  opts: { secretsFile?: string; picture?: Picture } = {},
): Promise<{ cameras: DemoCamera[]; stop: () => Promise<void> }> {
  const sims: CameraSim[] = [];
  const stop = () => Promise.all(sims.map((s) => s.stop())).then(() => undefined);
  const saved = opts.secretsFile ? readSecrets(opts.secretsFile) : {};
  const portKey = (bayId: string) => `camera-port:${bayId}`;
  try {
    for (const b of bays) {
      // The burned-in label is ASCII: "1号工位 Bay 1" shows as "Bay 1".
      const o = { label: b.name, ...DEMO_PICTURE, ...opts.picture };
      const port = Number(saved[portKey(b.bayId)] ?? 0);
      sims.push(await startCameraSim({ ...o, port }).catch(() => startCameraSim({ ...o, port: 0 })));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  if (opts.secretsFile && bays.some((b, i) => saved[portKey(b.bayId)] !== String(sims[i]!.port))) {
    const secrets = readSecrets(opts.secretsFile);
    bays.forEach((b, i) => (secrets[portKey(b.bayId)] = String(sims[i]!.port)));
    writeSecrets(opts.secretsFile, secrets);
  }
  const cameras = bays.map((b, i) => ({
    cameraId: demoCameraId(b.bayId),
    bayId: b.bayId,
    name: `${b.name} · 举升机 lift`,
    url: sims[i]!.url,
  }));
  return { cameras, stop };
}
