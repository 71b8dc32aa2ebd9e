// The service desks: an advisor signed in at each one calls the next ticket of the desk's lanes,
// waits for the customer to walk up (or, after a recall, closes a no-show), talks the job through
// and serves the ticket: the hub turns it into a job that keeps the ticket's follow link. The job
// then waits for a bay (floor.ts).
import { routes } from '@glassbay/protocol';
import type { Rng } from '../rng.ts';
import type { ShopClock } from './clock.ts';
import type { Customer } from './customers.ts';
import type { WorkOrder } from './floor.ts';
import { HubRefused, type StaffMember } from './hub-api.ts';

const SEC = 1000;
const MIN = 60 * SEC;

export interface DeskWorker {
  clock: ShopClock;
  rng: Rng;
  deskId: string;
  advisor: StaffMember;
  /** The demo's customer behind a ticket, if it is one of the demo's. */
  customerOf(ticketId: string): Customer | undefined;
  /** The ticket is finished at the desk (served or no-show). */
  closed(ticketId: string): void;
  /**
   * A place in the workshop for the next customer's car, if there is one: while the workshop is
   * full the advisor calls nobody and customers wait in the queue. Given back once served.
   */
  claimPlace(): Promise<boolean>;
  releasePlace(): void;
  /** A job for the workshop. */
  toWorkshop(order: WorkOrder): void;
  log(line: string): void;
}

export async function runDesk(d: DeskWorker): Promise<void> {
  const { clock, rng, advisor } = d;
  const desk = (action: 'openDesk' | 'callNext' | 'recall' | 'noShow') =>
    advisor.call(routes[action], { params: { deskId: d.deskId } });
  const wait = (lo: number, hi: number) => clock.wait(rng.between(lo, hi));
  const say = (what: string) => d.log(`${d.deskId.padEnd(14)} ${what}`);

  const opened = await desk('openDesk');
  // A ticket left called at this desk by an earlier run: its customer is long gone.
  if (opened.desk.ticketId) await desk('noShow');
  say(`opened by ${advisor.name}`);

  /** The served ticket's job waits for a bay: the workshop takes it from here. */
  async function handOn(jobId: string, customer: Customer | undefined): Promise<void> {
    let job = await advisor.call(routes.getJob, { params: { jobId } });
    if (job.stage === 'checked-in')
      job = await advisor.call(routes.moveJob, { params: { jobId }, body: { to: 'waiting' } });
    say(`served ${job.code}: job for ${job.services.join(' + ')}, waiting for a bay`);
    d.toWorkshop({ jobId: job.id, code: job.code, services: job.services, customer: customer ?? null, advisor });
  }

  async function recover(ticketId: string): Promise<void> {
    const { tickets } = await advisor.call(routes.listTickets);
    const t = tickets.find((x) => x.id === ticketId);
    const customer = d.customerOf(ticketId);
    if (t?.status === 'called') {
      // Still at the desk: serve it again.
      const served = await advisor.call(routes.serve, { params: { deskId: d.deskId } });
      d.closed(ticketId);
      if (served.jobId) await handOn(served.jobId, customer);
    } else if (t && t.status !== 'waiting') {
      d.closed(ticketId);
      if (t.staff?.jobId) await handOn(t.staff.jobId, customer);
    }
  }

  while (!clock.stopped) {
    const place = await d.claimPlace().catch(() => false);
    if (!place) {
      await wait(0.3 * MIN, 0.6 * MIN);
      continue;
    }
    let called: string | null = null;
    try {
      const { ticket } = await desk('callNext').catch((err: unknown) => {
        // Nobody waiting in this desk's lanes: look up again in a moment.
        if (err instanceof HubRefused && err.code === 'QUEUE_EMPTY') return { ticket: null };
        throw err;
      });
      if (!ticket) {
        await wait(0.3 * MIN, 0.6 * MIN);
        continue;
      }
      called = ticket.id;
      const customer = d.customerOf(ticket.id);
      say(`calls ${ticket.number} (${ticket.plateMasked})`);
      if (customer?.noShow) {
        await wait(1.5 * MIN, 2 * MIN);
        await desk('recall');
        say(`calls ${ticket.number} again`);
        await wait(1.5 * MIN, 2 * MIN);
        await desk('noShow');
        say(`${ticket.number} did not come: no-show`);
        d.closed(ticket.id);
        continue;
      }
      // The customer walks up from the lounge, then the job is talked through.
      if (!(await wait(0.5 * MIN, 1.2 * MIN))) return;
      if (!(await wait(2.5 * MIN, 5 * MIN))) return;
      const served = await advisor.call(routes.serve, { params: { deskId: d.deskId } });
      d.closed(ticket.id);
      called = null;
      if (served.jobId) await handOn(served.jobId, customer);
    } catch (err) {
      if (clock.stopped) return;
      say(`desk trouble: ${(err as Error).message}`);
      // The hub may have served the ticket though the answer was lost: its job still goes on.
      if (called) await recover(called).catch(() => {});
      await wait(0.5 * MIN, 1 * MIN);
    } finally {
      d.releasePlace();
    }
  }
}
