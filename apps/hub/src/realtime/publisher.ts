import type { Relay } from './relay.ts';

/** The part of the relay a service needs: publish one change. */
export interface Publisher {
  publish: Relay['publish'];
}
export const silentPublisher: Publisher = { publish: () => {} };
