// A call on the queue board stays up long enough to read from across the lounge even where the TV
// has no voice for the language (the speech engine gives up at once): at least eight seconds.
import { deskPath, staffPaths } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { walkIn } from './jobs-helpers.ts';
import { ADVISOR, addAdvisor } from './queue-helpers.ts';

test('a call stays on the queue board at least eight seconds without a speech voice', async ({
  hub,
  page,
  playwright,
}) => {
  await addAdvisor(hub);
  const api = await playwright.request.newContext({ baseURL: hub.httpUrl });
  await walkIn(api, hub, '粤B12345', ['oil-change']);
  expect((await api.post(staffPaths.login, { data: ADVISOR })).ok()).toBe(true);
  expect((await api.post(deskPath('open').replace(':deskId', 'desk-1'), { data: {} })).ok()).toBe(true);
  // An engine with no voice for the language: every utterance fails at once.
  await page.addInitScript(() => {
    const mute = {
      speaking: false,
      getVoices: () => [],
      cancel() {},
      speak(u: SpeechSynthesisUtterance) {
        setTimeout(() => u.onerror?.(new Event('error') as SpeechSynthesisErrorEvent), 0);
      },
    };
    Object.defineProperty(window, 'speechSynthesis', { value: mute, configurable: true });
  });
  await page.goto(hub.url('/queue?lang=zh'));
  await expect(page.getByRole('article', { name: '保养' })).toContainText('A001');

  expect((await api.post(deskPath('call-next').replace(':deskId', 'desk-1'), { data: {} })).ok()).toBe(true);
  const shown = page.getByTestId('announcement');
  await expect(shown).toContainText('A001，请到1号服务台');
  const from = Date.now();
  await expect(shown).toHaveCount(0, { timeout: 20_000 });
  expect(Date.now() - from).toBeGreaterThanOrEqual(7_500);
  await api.dispose();
});
