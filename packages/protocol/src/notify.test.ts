import { describe, expect, it } from 'vitest';
import {
  NotifySettingsSchema,
  formatNotifySignature,
  notifyRoutes,
  notifySignedText,
  parseNotifySignature,
} from './notify.ts';
import { routes } from './rest.ts';

describe('notify contract', () => {
  const hex = 'ab'.repeat(32);
  it('signs the timestamp, a dot and the raw body, in a header that parses back', () => {
    expect(notifySignedText(1700000000000, '{"a":1}')).toBe('1700000000000.{"a":1}');
    const header = formatNotifySignature(1700000000000, hex);
    expect(header).toBe(`t=1700000000000,v1=${hex}`);
    expect(parseNotifySignature(header)).toEqual({ t: 1700000000000, v1: hex });
  });
  it('refuses a header in any other shape', () => {
    for (const bad of [undefined, '', `v1=${hex}`, `t=1,v1=${hex.slice(2)}`, `t=1,v1=${hex},x=1`, `t=x,v1=${hex}`])
      expect(parseNotifySignature(bad)).toBeNull();
  });
  it('takes only an http(s) gateway and a secret of 16+ characters', () => {
    expect(
      NotifySettingsSchema.safeParse({ webhookUrl: 'https://sms.example/hook', secret: 'x'.repeat(16) }).success,
    ).toBe(true);
    expect(NotifySettingsSchema.safeParse({ webhookUrl: 'file:///etc/passwd' }).success).toBe(false);
    expect(NotifySettingsSchema.safeParse({ webhookUrl: null, secret: 'short' }).success).toBe(false);
  });
  it('is part of the route table, the gateway settings for admins only', () => {
    expect(routes.notifySettings).toBe(notifyRoutes.notifySettings);
    expect(routes.notifySettings.access).toBe('admin');
    expect(routes.notifyGatewayOptOut.access).toBe('public');
  });
});
