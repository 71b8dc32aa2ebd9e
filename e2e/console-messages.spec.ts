// The console's customer messages section: an admin sets the shop's message gateway there (its URL
// and signing secret), and staff see what became of each message: waiting with the gateway's refusal
// while it refuses, sent once it takes it, never lost, never sent twice. A real gateway stand-in on
// loopback checks each delivery's signature with the secret typed into the form.
// Screenshots at the console's laptop size: console-messages-{zh,en}.png.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { request } from '@playwright/test';
import { NOTIFY_HEADERS, notifySignedText, parseNotifySignature } from '@glassbay/protocol';
import { expect, test } from './fixtures.ts';
import { checkLayout } from './layout-check.ts';
import { consentingCustomerCalled, shotPath } from './queue-helpers.ts';

const SECRET = 'the shop gateway secret 42';
const ADMIN = { username: 'wang.admin', displayName: '王管理员', password: 'admin password 12' };

/** The shop's SMS relay: refuses (503) until told to take messages; keeps what it took, by key. */
async function gateway() {
  let taking = false;
  const taken = new Map<string, { kind: string; ref: string }>();
  let signedRight = true;
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (!taking) return void res.writeHead(503).end('relay down');
      const sig = parseNotifySignature(req.headers[NOTIFY_HEADERS.signature.toLowerCase()] as string);
      const want = sig && createHmac('sha256', SECRET).update(notifySignedText(sig.t, raw)).digest('hex');
      if (!sig || want !== sig.v1) signedRight = false;
      const body = JSON.parse(raw) as { id: string; kind: string; ref: string };
      taken.set(req.headers[NOTIFY_HEADERS.idempotencyKey.toLowerCase()] as string, body);
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/glassbay`,
    take: () => void (taking = true),
    taken,
    signedRight: () => signedRight,
    close: () => new Promise((r) => server.close(r)),
  };
}

const words = {
  zh: {
    username: '用户名',
    password: '密码',
    signIn: '登录',
    notSet: '未设置',
    url: /网关地址/,
    secret: /签名密钥/,
    save: '保存',
    waiting: '待发送',
    sent: '已发送',
    called: '叫号',
  },
  en: {
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    notSet: 'Not set',
    url: /Gateway URL/,
    secret: /Signing secret/,
    save: 'Save',
    waiting: 'waiting',
    sent: 'sent',
    called: 'ticket called',
  },
} as const;

for (const [lang, w] of Object.entries(words))
  test(`an admin sets the message gateway in the console, and staff see each message waiting, then sent (${lang})`, async ({
    hub,
    browser,
  }, testInfo) => {
    test.setTimeout(90_000);
    const relay = await gateway();
    try {
      const setupCode = readFileSync(join(hub.process.dataDir, 'setup-code.txt'), 'utf8').trim();
      const api = await request.newContext({ baseURL: hub.httpUrl });
      expect((await api.post('/api/staff/setup', { data: { ...ADMIN, setupCode } })).ok()).toBe(true);
      await api.dispose();

      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await ctx.newPage();
      await page.goto(hub.url(`/console/messages?lang=${lang}`));
      await page.getByLabel(w.username).fill(ADMIN.username);
      await page.getByLabel(w.password).fill(ADMIN.password);
      await page.getByRole('button', { name: w.signIn }).click();
      await expect(page.getByTestId('notify-gateway')).toContainText(w.notSet);

      // The admin types the gateway in; the hub keeps the secret and never shows it back.
      await page.getByLabel(w.url).fill(relay.url);
      await page.getByLabel(w.secret).fill(SECRET);
      await page.getByRole('button', { name: w.save, exact: true }).click();
      await expect(page.getByTestId('notify-gateway')).toContainText('127.0.0.1');
      await expect(page.getByLabel(w.secret)).toHaveValue('');

      // A customer who asked for messages is called to the desk while the relay is down.
      await consentingCustomerCalled(hub, {
        attemptId: `console_messages_${lang}_0001`,
        plate: '粤B40001',
        phone: '13800000041',
        lang: lang === 'en' ? 'en' : 'zh-CN',
      });

      const row = page.getByTestId('notify-recent').getByRole('row').first();
      await expect(row).toContainText(w.called, { timeout: 15_000 });
      await expect(row).toContainText(w.waiting);
      await expect(row).toContainText('HTTP 503');
      await expect(page.getByTestId('notify-count-queued')).toContainText('1');
      expect(relay.taken.size).toBe(0);

      // The relay is back; saving the gateway again tries what waits at once.
      relay.take();
      await page.getByLabel(w.url).fill(relay.url);
      await page.getByRole('button', { name: w.save, exact: true }).click();
      await expect(row).toContainText(w.sent, { timeout: 15_000 });
      await expect(page.getByTestId('notify-count-sent')).toContainText('1');
      await expect(page.getByTestId('notify-count-queued')).toContainText('0');
      expect([...relay.taken.values()].map((m) => m.kind)).toEqual(['ticket-called']);
      expect(relay.signedRight(), 'signed with the secret typed into the console').toBe(true);
      // Staff see the ticket, never the customer's phone number.
      await expect(page.locator('main')).not.toContainText('13800000041');

      expect.soft((await checkLayout(page)).problems, `messages ${lang}`).toEqual([]);
      await page.screenshot({ path: shotPath(testInfo, `console-messages-${lang}.png`), fullPage: true });
      await ctx.close();
    } finally {
      await relay.close();
    }
  });
