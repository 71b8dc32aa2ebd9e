// The KPI feature as one module for the composition root: its repository, service and dashboard on
// the hub's database, and its routes. It holds no live state: nothing in the screens' snapshot.
import { kpiBoardFigures, type KpiBoard } from '@glassbay/protocol';
import { DEFAULT_COMEBACK_DAYS } from '../domain/kpi.ts';
import { defaultOpeningHours, periodKey, type OpeningHours } from '../domain/kpi-time.ts';
import type { HubModule, Kernel } from '../module.ts';
import { createKpiDashboard } from './kpi-dashboard.ts';
import { createKpiRepository } from './kpi.repository.ts';
import { mountKpiRoutes } from './kpi.routes.ts';
import { createKpiService } from './kpi.service.ts';

const BOARD_TTL_MS = 60_000;

export function createKpiModule(
  k: Pick<Kernel, 'db'>,
  opts: { tzOffsetMin?: number; hours?: OpeningHours; comebackDays?: number } = {},
) {
  const comebackDays = opts.comebackDays ?? DEFAULT_COMEBACK_DAYS;
  // The shop's local time is the hub's own (the desk numbers jobs by the same local day).
  const settings = {
    tzOffsetMin: opts.tzOffsetMin ?? -new Date().getTimezoneOffset(),
    hours: opts.hours ?? defaultOpeningHours,
  };
  const repo = createKpiRepository(k.db);
  // The per-day step counts and ticket sums are local days: recount them if counted at another offset.
  repo.countDays(settings.tzOffsetMin);
  const service = createKpiService({ repo, settings });
  const dashboard = createKpiDashboard({ repo, settings });
  // The TV board is public: one computation a minute however many ask (nobody outside can make
  // the hub work harder by asking often).
  let cached: { at: number; board: KpiBoard } | undefined;
  const board = (now: number): KpiBoard => {
    if (cached && now - cached.at < BOARD_TTL_MS) return cached.board;
    const d = dashboard(periodKey(now, 'day', settings.tzOffsetMin), comebackDays, now);
    // Only the shop-wide figures: the technicians, comebacks and ratings stay in the console.
    const figures = kpiBoardFigures.map((id) => d.figures.find((f) => f.id === id)!);
    cached = { at: now, board: { day: d.day, days: d.days, figures: figures as KpiBoard['figures'] } };
    return cached.board;
  };
  const module: HubModule = {
    name: 'kpi',
    routes: (mount) =>
      mountKpiRoutes(mount, { service, dashboard, board, tzOffsetMin: settings.tzOffsetMin, comebackDays }),
  };
  return { module, service, dashboard, board };
}
export type KpiModule = ReturnType<typeof createKpiModule>;
