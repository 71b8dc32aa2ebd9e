// Forbidden: the kiosk shell importing the hub's internals.
import { loadConfig } from '../../../apps/hub/src/config.ts';

export const config = loadConfig;
