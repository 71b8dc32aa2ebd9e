// The shop's customers, as the hub meets them: a walk-in checks in at the kiosk (the kiosk's public
// check-in route, a new attempt id per visit), keeps the ticket's follow link on the phone, answers
// an approval the advisor asks for through that link, and rates the visit after handover.
import { randomBytes } from 'node:crypto';
import {
  PLATE_LETTERS,
  customerLanguages,
  routes,
  type CheckInRequest,
  type CustomerLanguage,
} from '@glassbay/protocol';
import type { Rng } from '../rng.ts';
import type { ShopClock } from './clock.ts';
import type { HubApi } from './hub-api.ts';

const MIN = 60_000;

/** What walk-ins come for (the hub's menu codes), roughly as often as a service centre sees it. */
const VISITS: readonly { services: string[]; weight: number }[] = [
  { services: ['oil-change'], weight: 5 },
  { services: ['oil-change', 'tyre-rotation'], weight: 1 },
  { services: ['tyre-rotation'], weight: 2 },
  { services: ['brake-pads'], weight: 2 },
  { services: ['ac-service'], weight: 1.2 },
  { services: ['inspection'], weight: 1.5 },
];
const CITIES = ['粤B', '粤B', '粤B', '粤A', '粤S', '湘A', '沪A', '京N'];
const COMMENTS = [
  '很专业，谢谢',
  'Quick and clear, thanks',
  '等待区很舒服',
  'Saw the whole job on my phone',
  null,
  null,
];

export interface Customer {
  plate: string;
  phone: string;
  services: string[];
  lang: CustomerLanguage;
  mileageKm: number;
  /** This customer will not come when called (a no-show the desk has to deal with). */
  noShow: boolean;
  ticketId: string;
  ticketNumber: string;
  /** The ticket QR's token: the phone's follow link, from the queue into the workshop. */
  followToken: string;
}

function pickVisit(rng: Rng): string[] {
  const total = VISITS.reduce((s, v) => s + v.weight, 0);
  let r = rng.between(0, total);
  for (const v of VISITS) if ((r -= v.weight) < 0) return v.services;
  return VISITS[0]!.services;
}

/** A plausible plate: 粤B + five letters or digits, now and then a new-energy one (粤B D12345). */
function plate(rng: Rng): string {
  const serial = (n: number) =>
    Array.from({ length: n }, () =>
      rng.chance(0.7) ? String(rng.int(0, 9)) : PLATE_LETTERS[rng.int(0, PLATE_LETTERS.length - 1)],
    ).join('');
  const city = rng.pick(CITIES);
  if (rng.chance(0.25)) return `${city}${rng.pick(['D', 'F'])}${serial(1)}${String(rng.int(0, 9999)).padStart(4, '0')}`;
  return `${city}${serial(5)}`;
}

/** What a walk-in types at the kiosk: the body of its check-in request. */
export function walkInRequest(rng: Rng) {
  return {
    attemptId: randomBytes(12).toString('base64url'),
    // Most customers keep the kiosk in Chinese; some switch to English.
    lang: rng.chance(0.8) ? customerLanguages[0] : customerLanguages[1],
    identity: {
      by: 'plate' as const,
      plate: { mode: 'cn' as const, text: plate(rng) },
      phone: `1${rng.pick(['38', '39', '58', '86', '37'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
    },
    mileageKm: rng.int(3, 160) * 1000 + rng.int(0, 999),
    // Chosen from the menu: the kiosk sends a category only for "not sure what it needs".
    categories: [],
    services: pickVisit(rng),
  } satisfies CheckInRequest;
}

/** A walk-in arrives at the kiosk and takes a ticket. */
export async function walkIn(api: HubApi, rng: Rng, opts: { noShowChance: number }): Promise<Customer> {
  const body = walkInRequest(rng);
  const receipt = await api.call(routes.checkIn, { body });
  return {
    plate: body.identity.plate.text,
    phone: body.identity.phone,
    services: body.services,
    lang: body.lang,
    mileageKm: body.mileageKm,
    noShow: rng.chance(opts.noShowChance),
    ticketId: receipt.ticket.id,
    ticketNumber: receipt.ticket.number,
    followToken: receipt.followToken,
  };
}

/**
 * A car handed over earlier comes back: the brakes still squeal after new pads, or the customer
 * brings a complaint (diagnosis) after other work. Same plate and phone, a few km more. The hub
 * flags it at check-in as a comeback (the console's quality review) when the visit is related.
 */
export async function comeBack(api: HubApi, rng: Rng, before: Customer): Promise<Customer> {
  const body = {
    ...walkInRequest(rng),
    lang: before.lang,
    identity: { by: 'plate' as const, plate: { mode: 'cn' as const, text: before.plate }, phone: before.phone },
    mileageKm: before.mileageKm + rng.int(5, 60),
    services: before.services.includes('brake-pads') ? ['brake-pads'] : ['diagnosis'],
  } satisfies CheckInRequest;
  const receipt = await api.call(routes.checkIn, { body });
  return {
    ...before,
    services: body.services,
    mileageKm: body.mileageKm,
    noShow: false,
    ticketId: receipt.ticket.id,
    ticketNumber: receipt.ticket.number,
    followToken: receipt.followToken,
  };
}

/**
 * The phone buzzes with an approval request: after a few minutes the customer opens the follow link
 * and answers every pending item (most say yes). Resolves with the answers given.
 */
export async function answerApprovals(api: HubApi, clock: ShopClock, rng: Rng, c: Customer): Promise<string[]> {
  if (!(await clock.wait(rng.between(1, 4) * MIN))) return [];
  const view = await api.call(routes.follow, { params: { token: c.followToken } });
  if (view.kind !== 'job') return [];
  const answers: string[] = [];
  for (const a of view.job.approvals.filter((x) => x.state === 'pending')) {
    const decision = rng.chance(0.8) ? 'approved' : 'declined';
    await api.call(routes.followDecide, { params: { token: c.followToken, approvalId: a.id }, body: { decision } });
    answers.push(decision);
  }
  return answers;
}

/** After handover the customer rates the visit on the phone (most do, most are happy). */
export async function rateVisit(api: HubApi, rng: Rng, c: Customer): Promise<number | null> {
  if (!rng.chance(0.85)) return null;
  const stars = rng.chance(0.75) ? 5 : rng.chance(0.7) ? 4 : 3;
  await api.call(routes.followRate, {
    params: { token: c.followToken },
    body: { stars, comment: rng.pick(COMMENTS) },
  });
  return stars;
}
