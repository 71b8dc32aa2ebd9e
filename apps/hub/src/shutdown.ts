// Stopping the hub: on SIGTERM (a service manager) or SIGINT (Ctrl-C) it closes what it opened, in
// order, and logs "hub stopped": no new device messages or requests, then ffmpeg, the MQTT client,
// the screens, HTTP, the broker, and last SQLite with a checkpoint, so the next start reads one
// file. One step that fails is logged and the others still run. A hard deadline ends the process
// anyway if something hangs: a service manager (Docker gives 10 s) would SIGKILL it a moment later.
import type { Logger } from './logger.ts';

/** The default of GLASSBAY_STOP_DEADLINE_S, in ms: under Docker's 10 s grace before SIGKILL. */
export const STOP_DEADLINE_MS = 8000;
/** How long an HTTP request under way may still finish before its connection is cut. */
export const HTTP_CLOSE_GRACE_MS = 2000;

export type StopStep = readonly [name: string, run: () => unknown];

/** Run each step in order, whatever the others did; resolves with the names of those that failed. */
export async function closeInOrder(steps: readonly StopStep[], log: Logger): Promise<string[]> {
  const failed: string[] = [];
  for (const [name, run] of steps) {
    const t0 = Date.now();
    try {
      await run();
      log.debug({ step: name, ms: Date.now() - t0 }, 'closed');
    } catch (err) {
      failed.push(name);
      log.error({ err, step: name }, 'a part of the hub did not close cleanly');
    }
  }
  return failed;
}

/** Stop on SIGTERM / SIGINT; exit 0 once stopped, 1 if it failed or the deadline passed first. */
export function stopOnSignals(hub: { log: Logger; stop: () => Promise<void> }, deadlineMs: number): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      hub.log.info({ signal, deadlineMs }, 'stopping');
      setTimeout(() => {
        hub.log.error({ deadlineMs }, 'the hub did not stop within its deadline; exiting anyway');
        process.exit(1);
      }, deadlineMs);
      hub.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          hub.log.error({ err }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}
