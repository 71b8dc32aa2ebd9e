// Forbidden: the contract doing I/O and depending on another workspace package.
import { readFileSync } from 'node:fs';
import { startBaySensor } from '@glassbay/hardware';

export const io = [readFileSync, startBaySensor];
