import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEVICE_ACL_PATTERNS, HUB_SUBSCRIPTIONS, hubToDevice, parseTopic, topics, type ParsedTopic } from './topics.ts';

describe('topics', () => {
  it('round-trips every topic it builds', () => {
    expect(parseTopic(topics.baySensor('bay-3', 'bay3-lift'))).toEqual({
      kind: 'baySensor',
      bayId: 'bay-3',
      deviceId: 'bay3-lift',
    });
    expect(parseTopic(topics.deviceStatus('band-12'))).toEqual({ kind: 'deviceStatus', deviceId: 'band-12' });
    expect(parseTopic(topics.wristbandEvents('band-12'))).toEqual({ kind: 'wristbandEvents', deviceId: 'band-12' });
    expect(parseTopic(topics.wristbandNotify('band-12'))).toEqual({ kind: 'wristbandNotify', deviceId: 'band-12' });
    expect(parseTopic(topics.deviceStored('band-12'))).toEqual({ kind: 'deviceStored', deviceId: 'band-12' });
  });

  it('names the topics only the hub may publish to', () => {
    const kinds = [topics.wristbandNotify('w'), topics.deviceStored('w'), topics.deviceStatus('w')].map((t) =>
      hubToDevice(parseTopic(t)!),
    );
    expect(kinds).toEqual([true, true, false]);
  });

  it('refuses anything outside the tree or with a bad id', () => {
    for (const t of [
      'glassbay/v2/devices/a/status',
      'glassbay/v1/devices/A/status',
      'glassbay/v1/devices/../status',
      'glassbay/v1/devices/a/status/extra',
      'glassbay/v1/bays/bay-1/sensors/',
      'glassbay/v1/devices/+/status',
      'glassbay/v1/devices/#',
      `glassbay/v1/devices/${'a'.repeat(41)}/status`,
      '$SYS/broker',
      '',
    ])
      expect(parseTopic(t), t).toBeNull();
  });

  it('lets the hub subscription patterns match what devices publish', () => {
    const match = (pattern: string, topic: string) =>
      new RegExp(`^${pattern.replace(/\+/g, '[^/]+').replace(/#/g, '.*')}$`).test(topic);
    for (const t of [topics.baySensor('b', 's'), topics.deviceStatus('d'), topics.wristbandEvents('w')])
      expect(
        HUB_SUBSCRIPTIONS.some((p) => match(p, t)),
        t,
      ).toBe(true);
    for (const t of [topics.wristbandNotify('w'), topics.deviceStored('w')])
      expect(HUB_SUBSCRIPTIONS.some((p) => match(p, t))).toBe(false);
  });

  it('binds every device ACL pattern to the username', () => {
    for (const p of DEVICE_ACL_PATTERNS) expect(p).toContain('%u');
  });

  it('types a parsed topic as a union the compiler narrows', () => {
    expectTypeOf(parseTopic).returns.toEqualTypeOf<ParsedTopic | null>();
    expectTypeOf<Extract<ParsedTopic, { kind: 'baySensor' }>>().toHaveProperty('bayId');
    expectTypeOf(topics.deviceStatus('x')).toEqualTypeOf<`glassbay/v1/devices/${string}/status`>();
  });
});
