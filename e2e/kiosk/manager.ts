// A manager over the real API: the first admin from the hub's one-time setup code, then approvals and
// the fleet view, as the console does them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type APIRequestContext, type Page } from '@playwright/test';
import { fleetRoutes, kioskUpdateRoutes, type FleetView } from '@glassbay/protocol';

export class Manager {
  private constructor(private readonly api: APIRequestContext) {}

  static async create(httpUrl: string, dataDir: string): Promise<Manager> {
    const setupCode = readFileSync(join(dataDir, 'setup-code.txt'), 'utf8').trim();
    const api = await request.newContext({ baseURL: httpUrl });
    const setup = await api.post('/api/staff/setup', {
      data: { setupCode, username: 'wang.admin', displayName: '王管理员', password: 'admin password 12' },
    });
    if (!setup.ok()) throw new Error(`setup failed: ${setup.status()} ${await setup.text()}`);
    return new Manager(api);
  }

  /** Read the code off the screen and approve it with a name and role. */
  async approve(page: Page, name: string, role: string): Promise<void> {
    const codeBox = page.getByTestId('pairing-code');
    await codeBox.waitFor({ timeout: 30_000 });
    const code = (await codeBox.getAttribute('aria-label'))!;
    const path = fleetRoutes.approveScreenPairing.path.replace(':code', code);
    const res = await this.api.post(path, { data: { name, role } });
    if (!res.ok()) throw new Error(`approve failed: ${res.status()} ${await res.text()}`);
  }

  async fleet(): Promise<FleetView> {
    const res = await this.api.get(fleetRoutes.listScreens.path);
    return (await res.json()) as FleetView;
  }

  async setRole(screenId: string, role: string): Promise<void> {
    const res = await this.api.patch(fleetRoutes.updateScreen.path.replace(':screenId', screenId), { data: { role } });
    if (!res.ok()) throw new Error(`re-role failed: ${res.status()}`);
  }

  /** "Update all screens" (or one) in the console. */
  async updateScreens(screenId?: string): Promise<unknown> {
    const res = await this.api.post(kioskUpdateRoutes.updateScreens.path, { data: screenId ? { screenId } : {} });
    if (!res.ok()) throw new Error(`update screens failed: ${res.status()} ${await res.text()}`);
    return res.json();
  }

  dispose = () => this.api.dispose();
}
