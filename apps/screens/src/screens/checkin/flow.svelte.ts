// One check-in on the kiosk, from the language choice to the ticket. Everything typed lives here and
// nowhere else until the final "get my ticket": a check-in abandoned half-way (idle reset, start
// over, a lost hub) leaves nothing on the hub. Each attempt has its own id, so a double tap or a
// retry after a lost answer yields the same ticket.
import {
  parseMileage,
  parsePhone,
  parsePlate,
  type CheckInReceipt,
  type CheckInRequest,
  type DueItem,
  type LookupResult,
  type ServiceCategory,
} from '@glassbay/protocol';
import { QUICK_ANSWER_MS, quickApi } from '../../lib/api/client.ts';
import { HUB_UNREACHABLE, HubError } from '../../lib/api/errors.ts';
import { i18n, type Language } from '../../lib/i18n.svelte.ts';
import { serviceMenu } from '../../lib/service-menu.svelte.ts';
import type { CheckInMessages } from './messages.ts';
import type { PlateLayout } from './plate-keys.ts';

export const steps = ['welcome', 'plate', 'phone', 'mileage', 'services', 'review', 'ticket'] as const;
export type Step = (typeof steps)[number];
export type ComplaintKey = keyof CheckInMessages['complaints'];

/** The lookup takes at least this long whatever it finds, so its timing says nothing either. */
const LOOKUP_MIN_MS = 700;

export interface Booking {
  code: string;
  plateMasked: string;
  bookedAt: number;
  categories: ServiceCategory[];
  services: string[];
}

const newAttemptId = () => `k_${crypto.randomUUID().replaceAll('-', '')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CheckInFlow {
  step = $state<Step>('welcome');
  attemptId = newAttemptId();

  layout = $state<PlateLayout>('cn7');
  /** The plate typed so far, one key per entry. */
  plate = $state<string[]>([]);
  /** Checking in with a booking code instead of plate and phone. */
  byBooking = $state(false);
  bookingCode = $state<string[]>([]);
  booking = $state<Booking | null>(null);
  phone = $state('');
  mileage = $state('');
  mileageConfirmed = $state(false);
  /** The hub asked to confirm a mileage below its record (it knows, this screen may not). */
  hubAskedConfirm = $state(false);
  categories = $state<ServiceCategory[]>([]);
  services = $state<string[]>([]);
  complaints = $state<ComplaintKey[]>([]);
  /** The customer ticked "message me" on the review step; unticked (the default) means no messages. */
  notifyConsent = $state(false);

  /** Only after the phone's last digits were proven: the car's history. */
  history = $state<Extract<LookupResult, { verified: true }> | null>(null);
  due = $state<DueItem[]>([]);
  /** The active services; without the menu the kiosk still offers the four categories and the complaint. */
  readonly menu = $derived(serviceMenu.active);

  busy = $state(false);
  /** A problem to show on the current step: the hub's stable code, worded by `problem.text(lang)`. */
  problem = $state<HubError | null>(null);
  receipt = $state<CheckInReceipt | null>(null);

  plateText = $derived(this.plate.join(''));
  plateCheck = $derived(parsePlate(this.plateText, this.layout === 'latin' ? 'latin' : 'cn'));
  phoneCheck = $derived(parsePhone(this.phone));
  mileageCheck = $derived(parseMileage(this.mileage));
  /** The mileage typed is below the one on record (known only to a proven customer). */
  mileageLower = $derived(
    this.mileageCheck.ok && this.history?.lastMileageKm != null && this.mileageCheck.value < this.history.lastMileageKm,
  );
  needsConfirm = $derived((this.mileageLower || this.hubAskedConfirm) && !this.mileageConfirmed);
  hasChoice = $derived(this.categories.length + this.services.length + this.complaints.length > 0);

  start(lang: Language): void {
    i18n.set(lang);
    this.step = 'plate';
    void this.loadMenu();
  }

  /** Each customer sees the menu as it is now (the shop edits it during the day). */
  async loadMenu(): Promise<void> {
    // Unanswered: the kiosk goes on with the menu it had, or with the categories alone.
    await serviceMenu.refresh({ timeoutMs: QUICK_ANSWER_MS }).catch(() => undefined);
  }

  go(step: Step): void {
    this.problem = null;
    this.step = step;
  }

  /** Leave the plate step: look the booking up, or go on to the phone. */
  async plateDone(): Promise<void> {
    if (!this.byBooking) return this.go('phone');
    this.busy = true;
    try {
      const b = await quickApi('findBooking', { body: { code: this.bookingCode.join('') } });
      this.booking = b;
      // A booking with services names what it is for; one without is a "see what it needs".
      if (b.services.length === 0) for (const c of b.categories) this.toggle(this.categories, c, true);
      for (const s of b.services) this.toggle(this.services, s, true);
      this.go('mileage');
    } catch (err) {
      this.problem = this.#problem(err);
    } finally {
      this.busy = false;
    }
  }

  /**
   * Leave the phone step. The lookup runs for every customer, known or not, and takes the same time;
   * only a proven customer's screen changes (a "welcome back" with the last visit).
   */
  async phoneDone(): Promise<void> {
    if (!this.plateCheck.ok || !this.phoneCheck.ok) return;
    this.busy = true;
    const floor = sleep(LOOKUP_MIN_MS);
    try {
      const r = await quickApi('lookupCustomer', {
        body: {
          plate: { mode: this.layout === 'latin' ? 'latin' : 'cn', text: this.plateText },
          last4: this.phoneCheck.value.slice(-4),
        },
      });
      this.history = r.verified ? r : null;
    } catch {
      // Slowed down or unreachable: carry on without history; the ticket does not depend on it.
      this.history = null;
    }
    await floor;
    this.busy = false;
    this.go('mileage');
  }

  async mileageDone(): Promise<void> {
    if (!this.mileageCheck.ok) return;
    if (this.needsConfirm) return;
    if (this.history) {
      this.busy = true;
      try {
        const r = await quickApi('dueMaintenance', {
          body: { proof: this.history.proof, mileageKm: this.mileageCheck.value },
        });
        this.due = r.due.filter((d) => d.status === 'due' || d.status === 'soon');
      } catch {
        this.due = [];
      } finally {
        this.busy = false;
      }
    }
    this.go('services');
  }

  toggle<T>(list: T[], value: T, on = !list.includes(value)): void {
    const i = list.indexOf(value);
    if (on && i < 0) list.push(value);
    if (!on && i >= 0) list.splice(i, 1);
  }

  request(t: CheckInMessages): CheckInRequest {
    const complaint = this.complaints.map((k) => t.complaints[k]).join(i18n.lang === 'en' ? '; ' : '；');
    return {
      attemptId: this.attemptId,
      lang: i18n.lang,
      identity: this.booking
        ? { by: 'booking', code: this.booking.code }
        : {
            by: 'plate',
            plate: { mode: this.layout === 'latin' ? 'latin' : 'cn', text: this.plateText },
            phone: this.phone,
          },
      mileageKm: this.mileageCheck.ok ? this.mileageCheck.value : 0,
      ...(this.mileageConfirmed ? { mileageConfirmed: true } : {}),
      categories: [...this.categories],
      services: [...this.services],
      ...(complaint ? { complaint } : {}),
      ...(this.history ? { proof: this.history.proof } : {}),
      notifyConsent: this.notifyConsent,
    };
  }

  /** The one request that stores anything. Safe to repeat: the attempt id makes it idempotent. */
  async submit(t: CheckInMessages): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.problem = null;
    try {
      this.receipt = await quickApi('checkIn', { body: this.request(t) });
      this.go('ticket');
    } catch (err) {
      if (err instanceof HubError && err.code === 'MILEAGE_CONFIRM_NEEDED') {
        // The hub knows a higher reading for this proven customer: ask on the mileage step.
        this.mileageConfirmed = false;
        this.hubAskedConfirm = true;
        this.go('mileage');
        return;
      }
      this.problem = this.#problem(err);
    } finally {
      this.busy = false;
    }
  }

  #problem(err: unknown): HubError {
    return err instanceof HubError ? err : new HubError(0, HUB_UNREACHABLE, String(err));
  }
}
