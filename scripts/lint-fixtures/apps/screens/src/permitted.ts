// Permitted: the contract package by name, and the screens' own code.
import { routes } from '@glassbay/protocol';
import { api } from './lib/api/client.ts';

export const calls = [Object.keys(routes).length, api];
