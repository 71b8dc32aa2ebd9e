// Forbidden: another package's internals by package name.
import { routes } from '@glassbay/protocol/src/rest.ts';

export const table = routes;
