// Forbidden: a screen importing the hub, by package name and by relative path.
import type { Hub } from '@glassbay/hub';
import { loadConfig } from '../../hub/src/config.ts';

export const peek = (hub: Hub) => [hub, loadConfig];
