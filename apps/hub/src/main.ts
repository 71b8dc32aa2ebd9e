// `pnpm hub`: the hub in the foreground, logging to stdout, stopping cleanly on SIGTERM / SIGINT
// within GLASSBAY_STOP_DEADLINE_S (shutdown.ts).
import { ConfigError, loadConfig } from './config.ts';
import { startHub } from './hub.ts';
import { stopOnSignals } from './shutdown.ts';
import { MigrationMismatchError } from './store/db.ts';

try {
  const config = loadConfig();
  const hub = await startHub(config);
  stopOnSignals(hub, config.stopDeadlineS * 1000);
} catch (err) {
  if (err instanceof ConfigError || err instanceof MigrationMismatchError) {
    process.stderr.write(`glassbay hub: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
