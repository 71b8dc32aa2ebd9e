// The shop's service menu, one store for every screen: loaded once per page (the console, the lounge
// dialog, the phone view), or fetched afresh for each customer where the menu must be current (the
// check-in kiosk). Service names follow the screen's language.
import type { ServiceDef } from '@glassbay/protocol';
import { api, type CallOptions } from './api/client.ts';
import { i18n } from './i18n.svelte.ts';

class ServiceMenu {
  list = $state<ServiceDef[]>([]);
  /** What a customer or an advisor may choose today. */
  readonly active = $derived(this.list.filter((s) => s.active));
  #loading: Promise<void> | undefined;

  /** Load the menu unless this page has it (or is getting it); a failed load is tried again next time. */
  load(): Promise<void> {
    return (this.#loading ??= this.refresh().catch(() => void (this.#loading = undefined)));
  }

  /** Ask the hub now; keeps the menu it had when the hub does not answer, and says so by rejecting. */
  async refresh(options?: CallOptions): Promise<void> {
    const r = await api('listServices', options);
    this.list = r.services;
  }

  find(code: string): ServiceDef | undefined {
    return this.list.find((x) => x.code === code);
  }

  /** The service's name in the current language; the code itself until the menu has loaded. */
  name(code: string): string {
    const s = this.find(code);
    return s ? i18n.name(s.name) : code;
  }
}

export const serviceMenu = new ServiceMenu();
