// `pnpm hub`: the hub in the foreground, logging to stdout, stopping cleanly on SIGTERM / SIGINT.
import { ConfigError, loadConfig } from './config.ts';
import { startHub } from './hub.ts';
import { MigrationMismatchError } from './store/db.ts';

try {
  const hub = await startHub(loadConfig());
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      hub.log.info({ signal }, 'stopping');
      hub.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          hub.log.error({ err }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
} catch (err) {
  if (err instanceof ConfigError || err instanceof MigrationMismatchError) {
    process.stderr.write(`glassbay hub: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
