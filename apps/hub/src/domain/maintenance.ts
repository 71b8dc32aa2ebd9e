// Due maintenance for a returning customer's car: for each of the shop's rules (oil every 5,000 km
// or 6 months, …), the last visit that did it, and how far and how long ago that was.
import type { DueItem, MaintenanceRule } from '@glassbay/protocol';

const DAY = 86_400_000;
/** An average month: due dates need not be exact to the day. */
const MONTH = 30.44 * DAY;
/** "Soon" from this share of the interval on. */
export const SOON_SHARE = 0.9;

export interface Visit {
  at: number;
  mileageKm: number | null;
  services: readonly string[];
}

export function dueItems(
  rules: readonly MaintenanceRule[],
  visits: readonly Visit[],
  now: number,
  mileageKm: number | null,
): DueItem[] {
  const newestFirst = [...visits].sort((a, b) => b.at - a.at);
  return rules
    .filter((r) => r.active)
    .map((rule): DueItem => {
      const base = {
        code: rule.code,
        name: rule.name,
        everyKm: rule.everyKm,
        everyMonths: rule.everyMonths,
        serviceCodes: rule.serviceCodes,
      };
      const last = newestFirst.find((v) => v.services.some((s) => rule.serviceCodes.includes(s)));
      if (!last)
        return { ...base, status: 'unknown', lastDoneAt: null, lastDoneKm: null, kmSince: null, monthsSince: null };
      const kmSince = mileageKm !== null && last.mileageKm !== null ? Math.max(0, mileageKm - last.mileageKm) : null;
      const monthsSince = Math.max(0, Math.floor((now - last.at) / MONTH));
      const shares = [
        rule.everyKm !== null && kmSince !== null ? kmSince / rule.everyKm : 0,
        rule.everyMonths !== null ? (now - last.at) / MONTH / rule.everyMonths : 0,
      ];
      const share = Math.max(...shares);
      const status = share >= 1 ? 'due' : share >= SOON_SHARE ? 'soon' : 'ok';
      return { ...base, status, lastDoneAt: last.at, lastDoneKm: last.mileageKm, kmSince, monthsSince };
    });
}
