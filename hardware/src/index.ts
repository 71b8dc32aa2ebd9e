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
export { startDemoCameras, type DemoCamera } from './demo/cameras.ts';
export { startDemoShop, type DemoShop, type DemoShopOptions } from './shop/shop.ts';
export { createHubApi, HubRefused, type HubApi, type StaffMember } from './shop/hub-api.ts';
export {
  createCli,
  cliProvisioner,
  ensureCameraInputs,
  ensureStaffAccounts,
  signInStaff,
  type Cli,
  type StaffAccount,
} from './shop/provision.ts';
export { startCameraSim, type CameraSim, type CameraSimOptions } from './camera/sim.ts';
export { SimulatedWristband, BAND_FIRMWARE, type BandPort, type WristbandOptions } from './wristband.ts';
export { PROCEDURES, type Procedure, type ProcedureStep } from './wristband-procedures.ts';
export { bandHabits, planVisitSteps, type BandAction, type BandHabit, type CrewMember } from './wristband-plan.ts';
export { createBandRunner, type BandRunner } from './wristband-runner.ts';
export { ensureDemoBands, type DemoBand, type DemoBandProvisioner } from './demo/bands.ts';
