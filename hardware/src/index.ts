// The device side of Glassbay: a reference device client, the simulated workshop and its parts.
export { DeviceClient, DeviceRefusedError, type DeviceClientOptions } from './device-client.ts';
export { BaySensor, SIM_FIRMWARE } from './bay-sensor.ts';
export { createRng, deriveSeed, type Rng } from './rng.ts';
export {
  SERVICES,
  bayChangeKinds,
  clockLabel,
  emptyBay,
  planWorkshopDay,
  type BayChangeKind,
  type BayPhysical,
  type DayOptions,
  type DayPlan,
  type Service,
  type Visit,
  type WorkshopEvent,
} from './workshop-day.ts';
export { createWorkshopRunner, type SensorPort, type TimedEvent, type WorkshopRunner } from './workshop-runner.ts';
export { driveInRealTime, systemClock, type Clock, type RealtimeDriver } from './realtime.ts';
export { demoBayName, ensureDemoFleet, type DemoBay, type DemoProvisioner } from './demo/fleet.ts';
export { describeEvent, startDemoWorkshop, type DemoWorkshop, type DemoWorkshopOptions } from './demo/workshop.ts';
export { startCameraSim, type CameraSim, type CameraSimOptions } from './camera/sim.ts';
