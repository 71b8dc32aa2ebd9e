// What a simulated technician does for each service, step by step: the codes of the shop's starting
// operation standards (the hub's migration 0006) with their minimum and standard minutes. The
// simulator keeps its own copy as a technician knows the procedure; a test keeps the two in step.

export interface ProcedureStep {
  code: string;
  /** The standard's minimum and standard minutes. */
  min: number;
  standard: number;
}

export interface Procedure {
  /** The hub's service code whose standard these steps follow. */
  serviceCode: string;
  steps: readonly ProcedureStep[];
}

const s = (code: string, min: number, standard: number): ProcedureStep => ({ code, min, standard });

export const PROCEDURES: Record<string, Procedure> = {
  'oil-change': {
    serviceCode: 'oil-change',
    steps: [
      s('prepare', 0, 3),
      s('lift-secure', 1, 4),
      s('oil-drain', 15, 18),
      s('filter-replace', 3, 6),
      s('drain-plug', 1.5, 3),
      s('underbody-check', 3, 5),
      s('lower-car', 0, 2),
      s('oil-refill', 3, 5),
      s('engine-run', 2, 3),
      s('oil-level', 2, 3),
      s('service-reset', 0, 2),
      s('final-check', 0, 3),
    ],
  },
  'brake-pads': {
    serviceCode: 'brake-pads',
    steps: [
      s('lift-secure', 1, 4),
      s('wheels-off', 3, 6),
      s('caliper-off', 4, 8),
      s('disc-measure', 3, 6),
      s('caliper-clean', 4, 8),
      s('piston-retract', 2, 4),
      s('pads-fit', 4, 8),
      s('caliper-torque', 3, 6),
      s('wheels-on', 4, 6),
      s('pedal-pump', 1, 2),
      s('fluid-level', 1, 2),
      s('bedding-test', 8, 12),
    ],
  },
  'tyre-rotation': {
    serviceCode: 'tyre-rotation',
    steps: [
      s('lift-secure', 1, 4),
      s('wheels-off', 3, 6),
      s('tyre-inspect', 2, 4),
      s('wheels-rotate', 2, 4),
      s('wheels-on', 4, 6),
      s('lower-car', 0, 2),
      s('pressure-set', 2, 3),
      s('tpms-reset', 0, 2),
    ],
  },
  'ac-service': {
    serviceCode: 'ac-service',
    steps: [
      s('ac-test', 2, 4),
      s('leak-check', 3, 5),
      s('refrigerant-recover', 8, 10),
      s('vacuum', 15, 20),
      s('vacuum-hold', 5, 5),
      s('oil-charge', 0.5, 2),
      s('refrigerant-charge', 4, 6),
      s('cabin-filter', 1, 3),
      s('evaporator-clean', 3, 5),
      s('performance-verify', 2, 4),
    ],
  },
  // The workshop day's "scheduled maintenance" is timed against the multi-point inspection.
  maintenance: {
    serviceCode: 'inspection',
    steps: [
      s('lights-exterior', 2, 4),
      s('fluids-check', 2, 5),
      s('battery-test', 1, 3),
      s('belts-hoses', 2, 4),
      s('lift-secure', 1, 4),
      s('underbody-inspect', 5, 8),
      s('brakes-inspect', 2, 5),
      s('tyres-inspect', 2, 4),
      s('lower-car', 0, 2),
      s('road-test', 5, 8),
      s('report', 1, 4),
    ],
  },
};
