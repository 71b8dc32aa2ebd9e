// The log lines that say a service under test is listening (pino's `msg`), with its URLs.

/** apps/hub/src/hub.ts logs this with `http` and `mqtt` once both are listening. */
export const HUB_READY_MSG = 'hub started';
/** bench/bare-relay.ts prints this with `http` and `mqtt`. */
export const BARE_READY_MSG = 'bare relay started';

export interface ReadyLine {
  http: string;
  mqtt: string;
}
