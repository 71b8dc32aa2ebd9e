import { pino } from 'pino';

export type Logger = pino.Logger;

export const createLogger = (level: string, name = 'hub'): Logger =>
  pino({ name, level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
