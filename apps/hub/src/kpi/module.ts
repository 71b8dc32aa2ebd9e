// The KPI feature as one module for the composition root: its repository, service and dashboard on
// the hub's database, and its routes. It holds no live state: nothing in the screens' snapshot.
import type { Mount } from '../http/api.ts';
import { defaultOpeningHours, type OpeningHours } from '../domain/kpi-time.ts';
import type { Db } from '../store/db.ts';
import { createKpiDashboard } from './kpi-dashboard.ts';
import { createKpiRepository } from './kpi.repository.ts';
import { mountKpiRoutes } from './kpi.routes.ts';
import { createKpiService } from './kpi.service.ts';

export function startKpi(deps: { db: Db; tzOffsetMin?: number; hours?: OpeningHours }) {
  // The shop's local time is the hub's own (the desk numbers jobs by the same local day).
  const settings = {
    tzOffsetMin: deps.tzOffsetMin ?? -new Date().getTimezoneOffset(),
    hours: deps.hours ?? defaultOpeningHours,
  };
  const repo = createKpiRepository(deps.db);
  const service = createKpiService({ repo, settings });
  const dashboard = createKpiDashboard({ repo, settings });
  return {
    service,
    dashboard,
    mount: (mount: Mount) => mountKpiRoutes(mount, { service, dashboard, tzOffsetMin: settings.tzOffsetMin }),
  };
}
export type KpiModule = ReturnType<typeof startKpi>;
