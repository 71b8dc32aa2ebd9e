// Jobs over HTTP: staff operations (the console), the service menu (the kiosk), the lounge board's
// unlock and the customer's follow link. Handlers parse nothing themselves (the route table's schemas
// did) and hold no rules (the services do).
import { FOLLOW_PATH, FOLLOW_TOKEN_PARAM, jobRoutes, type StaffUser, type StageActor } from '@glassbay/protocol';
import type { CustomerJobs } from './customer-access.ts';
import type { JobsService } from './jobs.service.ts';
import type { Mount } from '../http/api.ts';
import { hashFollowToken } from './job-views.ts';
import { loungeCodeOf } from '../domain/lounge-code.ts';

const actor = (u: StaffUser): Extract<StageActor, { kind: 'staff' }> => ({
  kind: 'staff',
  id: u.id,
  name: u.displayName,
});
const followPath = (token: string) => `${FOLLOW_PATH}?${FOLLOW_TOKEN_PARAM}=${token}`;

export function mountJobRoutes(
  mount: Mount,
  { service, customers }: { service: JobsService; customers: CustomerJobs },
): void {
  mount(jobRoutes.listServices, () => ({ services: service.services() }));
  mount(jobRoutes.listJobs, ({ query }) => ({ jobs: service.list(Date.now(), query.review) }));
  mount(jobRoutes.getJob, ({ params }) => service.get(params.jobId, Date.now()));
  mount(jobRoutes.createJob, ({ body, staff }) => {
    const { job, followToken } = service.createDirect(body, actor(staff), Date.now());
    return {
      job,
      followToken,
      followPath: followPath(followToken),
      loungeCode: loungeCodeOf(hashFollowToken(followToken)),
    };
  });
  mount(jobRoutes.moveJob, ({ params, body, staff }) =>
    service.move(params.jobId, body.to, actor(staff), Date.now(), body.note),
  );
  mount(jobRoutes.updateJob, ({ params, body, staff }) => service.update(params.jobId, body, actor(staff), Date.now()));
  mount(jobRoutes.requestApproval, ({ params, body, staff }) =>
    service.requestApproval(params.jobId, body.description, body.priceCents, actor(staff), Date.now(), body.services),
  );
  mount(jobRoutes.setIdleReason, ({ params, body, staff }) =>
    service.setIdleReason(params.jobId, body.reason, actor(staff), Date.now()),
  );
  mount(jobRoutes.reissueFollowLink, ({ params }) => {
    const followToken = service.reissueFollowLink(params.jobId);
    return { followToken, followPath: followPath(followToken) };
  });
  mount(jobRoutes.listBayNotices, () => ({ notices: service.notices() }));
  mount(jobRoutes.resolveBayNotice, ({ params, body, staff }) =>
    service.resolveNotice(params.noticeId, actor(staff), body.note, Date.now()),
  );
  mount(jobRoutes.unlockLoungeJob, ({ params, body, req }) =>
    customers.unlock(params.jobId, body.code, req.ip, Date.now()),
  );
  mount(jobRoutes.follow, ({ params }) => customers.follow(params.token, Date.now()).view);
  mount(jobRoutes.followDecide, ({ params, body }) =>
    customers.decide(params.token, params.approvalId, body.decision, Date.now()),
  );
  mount(jobRoutes.followRate, ({ params, body }) =>
    customers.rate(params.token, body.stars, body.comment ?? null, Date.now()),
  );
}
