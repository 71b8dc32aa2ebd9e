// Operation standards, wristband alerts and step figures over HTTP (the staff console). Handlers
// parse nothing themselves (the route table's schemas did) and hold no rules (the services do).
import { wristbandRoutes, type StaffUser, type StepTimingView } from '@glassbay/protocol';
import type { Mount } from '../http/api.ts';
import type { AlertsService } from './alerts.service.ts';
import type { IssuesService } from './issues.service.ts';
import type { SopsService } from './sops.service.ts';

const by = (u: StaffUser) => ({ id: u.id, name: u.displayName });

export function mountWristbandRoutes(
  mount: Mount,
  {
    sops,
    alerts,
    issues,
    stepsOfJob,
  }: {
    sops: SopsService;
    alerts: AlertsService;
    issues: IssuesService;
    stepsOfJob: (jobId: string) => StepTimingView[];
  },
): void {
  mount(wristbandRoutes.listSops, () => ({ sops: sops.library(Date.now()) }));
  mount(wristbandRoutes.getSopVersion, ({ params }) => sops.version(params.serviceCode, params.version));
  mount(wristbandRoutes.saveSop, ({ params, body, staff }) =>
    sops.save(params.serviceCode, body, staff.displayName, Date.now()),
  );
  mount(wristbandRoutes.listAlerts, ({ query }) => ({ alerts: alerts.list(query.state, query.days, Date.now()) }));
  mount(wristbandRoutes.acknowledgeAlert, ({ params, body, staff }) =>
    alerts.acknowledge(params.alertId, by(staff), body.note, Date.now()),
  );
  mount(wristbandRoutes.resolveAlert, ({ params, body, staff }) =>
    alerts.resolve(params.alertId, by(staff), body.note, Date.now()),
  );
  mount(wristbandRoutes.overrideAlert, ({ params, body, staff }) =>
    alerts.override(params.alertId, by(staff), body.note, Date.now()),
  );
  mount(wristbandRoutes.answerAlert, ({ params, body }) =>
    alerts.answer(params.alertId, body.tech, body.reason, Date.now(), body.attachClip ?? false),
  );
  mount(wristbandRoutes.stepFigures, ({ query }) => alerts.figures(query.days, Date.now()));
  mount(wristbandRoutes.listBands, () => ({ bands: issues.list(Date.now()) }));
  mount(wristbandRoutes.issueBand, ({ params, body, staff }) =>
    issues.issue(params.bandId, body.technician, body.hours, staff.displayName, Date.now()),
  );
  mount(wristbandRoutes.returnBand, ({ params }) => issues.giveBack(params.bandId, Date.now()));
  mount(wristbandRoutes.jobSteps, ({ params }) => ({ steps: stepsOfJob(params.jobId) }));
}
