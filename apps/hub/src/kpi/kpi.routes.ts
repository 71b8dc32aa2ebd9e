// The KPIs over HTTP (managers). Handlers parse nothing themselves (the route table's schemas did)
// and hold no rules (the service and the dashboard do).
import { kpiRoutes, type KpiBoard } from '@glassbay/protocol';
import type { Mount } from '../http/api.ts';
import { periodKey } from '../domain/kpi-time.ts';
import type { KpiService } from './kpi.service.ts';
import { toCsv } from './kpi-tables.ts';
import type { createKpiDashboard } from './kpi-dashboard.ts';

export function mountKpiRoutes(
  mount: Mount,
  deps: {
    service: KpiService;
    dashboard: ReturnType<typeof createKpiDashboard>;
    board: (now: number) => KpiBoard;
    tzOffsetMin: number;
    /** The shop's comeback window, days (the one check-in flags by), when a request names none. */
    comebackDays: number;
  },
): void {
  const { service, dashboard } = deps;
  const days = (asked: number | undefined) => asked ?? deps.comebackDays;
  mount(kpiRoutes.kpiDashboard, ({ query }) => {
    const now = Date.now();
    return dashboard(query.day ?? periodKey(now, 'day', deps.tzOffsetMin), days(query.comebackDays), now);
  });
  mount(kpiRoutes.kpiTable, ({ params, query }) =>
    service.table(params.table, { ...query, comebackDays: days(query.comebackDays) }, Date.now()),
  );
  mount(kpiRoutes.kpiTableCsv, ({ params, query, reply }) => {
    const table = service.table(params.table, { ...query, comebackDays: days(query.comebackDays) }, Date.now());
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="kpi-${params.table}-${query.from}-${query.to}.csv"`);
    return toCsv(table);
  });
  mount(kpiRoutes.kpiChart, ({ params, query }) =>
    service.chart(params.chart, { ...query, comebackDays: days(query.comebackDays) }, Date.now()),
  );
  mount(kpiRoutes.kpiBoard, () => deps.board(Date.now()));
  mount(kpiRoutes.kpiComebacks, ({ query }) => ({
    comebacks: service.comebacksIn(query.from, query.to, days(query.days)),
  }));
}
