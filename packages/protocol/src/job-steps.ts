// A job's work as its customer may see it: the steps of each service's standard, which are done,
// which one is running, and how far the work is against the standards. Public by design: it carries
// step positions, the shop's customer-facing step names, states and clock times only — never a
// technician, a verdict (short, overrun) or an alert, so nothing on a public screen says how fast
// anyone worked.
import { z } from 'zod';

const Ms = z.number().int();
const Localized = z.object({ zh: z.string(), en: z.string() });

export const publicStepStates = ['done', 'running', 'pending'] as const;
export type PublicStepState = (typeof publicStepStates)[number];

export const PublicStepSchema = z.object({
  /** The customer-facing name of the step (the SOP's, or its internal name when it has none). */
  name: Localized,
  state: z.enum(publicStepStates),
  /** The shop's standard for the step, minutes: what a pending step is expected to take. */
  standardMinutes: z.number(),
  /** done: when it finished; running: when it started; pending: null. Epoch ms. */
  at: Ms.nullable(),
});
export type PublicStep = z.infer<typeof PublicStepSchema>;

export const ServiceStepsSchema = z.object({
  serviceCode: z.string(),
  steps: z.array(PublicStepSchema),
});
export type ServiceSteps = z.infer<typeof ServiceStepsSchema>;

export const JobStepProgressSchema = z.object({
  /**
   * The step of the current service: the running one, else the next one to do ("Step 7 of 12").
   * `index` counts from 1 within its service; null when every step is done.
   */
  current: z
    .object({
      serviceCode: z.string(),
      index: z.number().int().positive(),
      count: z.number().int().positive(),
      name: Localized,
      running: z.boolean(),
    })
    .nullable(),
  /** Standard minutes of the steps done over the standard minutes of all steps, 0…1. */
  done: z.number().min(0).max(1),
  /** Every service of the job that has a standard, in the job's order. */
  services: z.array(ServiceStepsSchema),
});
export type JobStepProgress = z.infer<typeof JobStepProgressSchema>;
