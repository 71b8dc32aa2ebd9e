// The shop's service menu, loaded once per page: service names in the screen's language.
import { jobPaths, type ServiceDef } from '@glassbay/protocol';
import { i18n } from '../../lib/i18n.svelte.ts';
import { api } from './api.ts';

class ServiceMenu {
  list = $state<ServiceDef[]>([]);
  #loading: Promise<void> | undefined;

  load(): Promise<void> {
    return (this.#loading ??= api<{ services: ServiceDef[] }>('GET', jobPaths.services).then(
      (r) => void (this.list = r.services),
      () => void (this.#loading = undefined),
    ));
  }

  /** The service's name in the current language; the code itself until the menu has loaded. */
  name(code: string): string {
    const s = this.list.find((x) => x.code === code);
    return s ? (i18n.lang === 'en' ? s.name.en : s.name.zh) : code;
  }
}

export const serviceMenu = new ServiceMenu();
