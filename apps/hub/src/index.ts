export { loadConfig, type HubConfig } from './config.ts';
export { startHub, type Hub } from './hub.ts';
export { createLogger } from './logger.ts';
