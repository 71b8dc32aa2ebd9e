// The spine (spine.ts) with the hub behind the shipped Mosquitto config (hardware/mosquitto/
// mosquitto.conf): persistence on and saved every second, the hub's persistent session with QoS 1
// subscriptions, receipts to the devices [GB-3.5]. Sensors publish to Mosquitto, the hub takes each
// message from it and acknowledges it after COMMIT. The same targets as `spine`; the bare relay
// beside it is still aedes alone, the floor of the embedded stack.
import type { BenchGroup } from '../figures.ts';
import { runSpine } from './spine.ts';

export const run: BenchGroup = (ctx) => runSpine(ctx, 'mosquitto');
