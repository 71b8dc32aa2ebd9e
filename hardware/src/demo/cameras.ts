// The demo workshop's cameras: one simulated camera per demo bay, each with the bay's name and the
// wall clock burned in, served on a free loopback port the way an IP camera serves its stream. The
// demo then points the hub's camera of each bay at it (scripts/demo.ts).
import { startCameraSim, type CameraSim } from '../camera/sim.ts';

/** Small and light: eight encoders share the demo machine with the hub (about 4% of a core each). */
const DEMO_PICTURE = { width: 640, height: 360, fps: 15, bitrateKbps: 600 } as const;

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
): Promise<{ cameras: DemoCamera[]; stop: () => Promise<void> }> {
  const sims: CameraSim[] = [];
  const stop = () => Promise.all(sims.map((s) => s.stop())).then(() => undefined);
  try {
    for (const b of bays) {
      // The burned-in label is ASCII: "1号工位 Bay 1" shows as "Bay 1".
      sims.push(await startCameraSim({ label: b.name, ...DEMO_PICTURE }));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const cameras = bays.map((b, i) => ({
    cameraId: demoCameraId(b.bayId),
    bayId: b.bayId,
    name: `${b.name} · 举升机 lift`,
    url: sims[i]!.url,
  }));
  return { cameras, stop };
}
