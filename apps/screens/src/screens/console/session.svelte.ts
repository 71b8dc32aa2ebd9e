// The console's session: is the first-admin setup still open, who is signed in, and the live store
// of the staff audience (its socket carries the HttpOnly session cookie: same origin).
import { hasRole, type StaffRole, type StaffUser } from '@glassbay/protocol';
import { getContext, setContext } from 'svelte';
import { LiveStore } from '../../lib/live.svelte.ts';
import { api } from '../../lib/api/client.ts';
import { HubError } from '../../lib/api/errors.ts';

export type Phase = 'loading' | 'setup' | 'login' | 'in' | 'unreachable';

export class ConsoleSession {
  phase = $state<Phase>('loading');
  user = $state<StaffUser | null>(null);
  store = $state<LiveStore | null>(null);

  async boot(): Promise<void> {
    try {
      const { needed } = await api('setupStatus');
      if (needed) return void (this.phase = 'setup');
      const { user } = await api('me');
      this.#signedIn(user);
    } catch (err) {
      this.phase = err instanceof HubError && err.status === 401 ? 'login' : 'unreachable';
    }
  }

  async setup(input: { setupCode: string; username: string; displayName: string; password: string }) {
    const { user } = await api('setup', { body: input });
    this.#signedIn(user);
  }

  async login(username: string, password: string) {
    const { user } = await api('login', { body: { username, password } });
    this.#signedIn(user);
  }

  async signOut() {
    await api('logout').catch(() => {});
    this.store?.close();
    this.store = null;
    this.user = null;
    this.phase = 'login';
  }

  /** The hub refused the session (expired, signed out elsewhere): back to the sign-in page. */
  lost() {
    this.store?.close();
    this.store = null;
    this.user = null;
    this.phase = 'login';
  }

  may(role: StaffRole): boolean {
    return this.user !== null && hasRole(this.user.role, role);
  }

  #signedIn(user: StaffUser) {
    this.user = user;
    this.store?.close();
    this.store = new LiveStore({ audience: 'staff' });
    this.phase = 'in';
  }
}

const KEY = Symbol('console-session');

/** Sections read the session (user, role, live staff store) from here. */
export const provideSession = (s: ConsoleSession) => setContext(KEY, s);
export const useSession = (): ConsoleSession => getContext<ConsoleSession>(KEY);
