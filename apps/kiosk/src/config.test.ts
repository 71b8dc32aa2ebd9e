import { describe, expect, it } from 'vitest';
import { KioskConfigError, parseKioskConfig } from './config.ts';

const file = '/home/kiosk/.config/Glassbay Kiosk/kiosk.json';
const json = (v: unknown) => JSON.stringify(v);

function configError(fn: () => unknown): KioskConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof KioskConfigError) return err;
    throw err;
  }
  throw new Error('expected a KioskConfigError');
}

describe('kiosk config', () => {
  it('reads hub and role from the file, with touch following the role', () => {
    const c = parseKioskConfig(json({ hubUrl: 'http://hub.local:8080', role: 'check-in' }), file, {});
    expect(c).toMatchObject({ hubUrl: 'http://hub.local:8080', role: 'check-in', touch: true, dev: false });
    expect(c.watchdog).toEqual({ baseDelayMs: 1_000, maxDelayMs: 60_000, relaunchAfter: 5, windowMs: 600_000 });
  });

  it('hides the cursor on boards nobody touches unless told they are touch screens', () => {
    expect(parseKioskConfig(json({ hubUrl: 'http://h:8080', role: 'queue-board' }), file, {}).touch).toBe(false);
    expect(parseKioskConfig(json({ hubUrl: 'http://h:8080', role: 'bay-board', touch: true }), file, {}).touch).toBe(
      true,
    );
  });

  it('works from the environment alone, without a file', () => {
    const c = parseKioskConfig(null, file, {
      GLASSBAY_KIOSK_HUB_URL: 'https://hub.example',
      GLASSBAY_KIOSK_ROLE: 'lounge-board',
      GLASSBAY_KIOSK_DEV: '1',
    });
    expect(c).toMatchObject({ hubUrl: 'https://hub.example', role: 'lounge-board', dev: true });
  });

  it('lets the environment override the file field by field', () => {
    const c = parseKioskConfig(json({ hubUrl: 'http://old:8080', role: 'check-in', printer: 'EPSON_TM_T20' }), file, {
      GLASSBAY_KIOSK_ROLE: 'queue-board',
    });
    expect(c).toMatchObject({ hubUrl: 'http://old:8080', role: 'queue-board', printer: 'EPSON_TM_T20' });
  });

  it('keeps only the origin of a hub address with a trailing slash', () => {
    expect(
      parseKioskConfig(null, file, {
        GLASSBAY_KIOSK_HUB_URL: 'http://Hub.Local:8080/',
        GLASSBAY_KIOSK_ROLE: 'check-in',
      }).hubUrl,
    ).toBe('http://hub.local:8080');
  });

  it('leaves the hub address to discovery when none is given, optionally naming the hub to take', () => {
    expect(parseKioskConfig(null, file, { GLASSBAY_KIOSK_ROLE: 'bay-board' })).toMatchObject({ hubUrl: null });
    expect(parseKioskConfig(json({ role: 'bay-board', hubId: 'a1b2c3d4e5f60718' }), file, {}).hubId).toBe(
      'a1b2c3d4e5f60718',
    );
    expect(
      configError(() => parseKioskConfig(json({ role: 'bay-board', hubId: 'Hub One' }), file, {})).message,
    ).toContain('hubId');
  });

  it("takes the hub's certificate fingerprint to pin as the hub logs it, and refuses anything else", () => {
    const fp = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0')).join(':');
    expect(parseKioskConfig(json({ role: 'check-in', tlsFingerprint256: ` ${fp} ` }), file, {}).tlsFingerprint256).toBe(
      fp.toUpperCase(),
    );
    expect(parseKioskConfig(json({ role: 'check-in' }), file, {}).tlsFingerprint256).toBeUndefined();
    const bad = configError(() => parseKioskConfig(json({ role: 'check-in', tlsFingerprint256: 'AB:CD' }), file, {}));
    expect(bad.message).toContain('tlsFingerprint256');
    expect(bad.message).toContain('32 hex pairs');
  });

  it('names the file, both variables and the roles when nothing is configured', () => {
    const err = configError(() => parseKioskConfig(null, file, {}));
    expect(err.code).toBe('KIOSK_CONFIG_INVALID');
    expect(err.message).toContain('role:');
    expect(err.message).toContain(file);
    expect(err.message).toContain('GLASSBAY_KIOSK_HUB_URL');
    expect(err.message).toContain('check-in, queue-board, lounge-board, bay-board');
  });

  it.each([
    ['a role that does not exist', { hubUrl: 'http://h:8080', role: 'staff-console' }, 'role: Invalid option'],
    ['a hub address with a path', { hubUrl: 'http://h:8080/queue', role: 'check-in' }, 'give only the hub address'],
    ['a hub address with credentials', { hubUrl: 'http://u:p@h:8080', role: 'check-in' }, 'user name or password'],
    ['a file: hub', { hubUrl: 'file:///srv/screens', role: 'check-in' }, 'http:// or https://'],
    ['not a URL', { hubUrl: 'hub.local', role: 'check-in' }, 'not a URL'],
    ['a misspelt field', { hubUrl: 'http://h:8080', role: 'check-in', hubURL: 'x' }, 'Unrecognized key: "hubURL"'],
    [
      'opening hours with a bad time',
      { hubUrl: 'http://h:8080', role: 'queue-board', openingHours: [{ days: ['mon'], open: '7:30', close: '19:00' }] },
      'openingHours.0.open: a time as HH:MM',
    ],
    [
      'opening hours with a bad day',
      {
        hubUrl: 'http://h:8080',
        role: 'queue-board',
        openingHours: [{ days: ['monday'], open: '07:30', close: '19:00' }],
      },
      'openingHours.0.days.0',
    ],
    [
      'an unknown time zone',
      { hubUrl: 'http://h:8080', role: 'queue-board', timeZone: 'China/Beijing' },
      'IANA time zone',
    ],
    [
      'a watchdog that never relaunches',
      { hubUrl: 'http://h:8080', role: 'queue-board', watchdog: { relaunchAfter: 1 } },
      'watchdog.relaunchAfter',
    ],
  ])('rejects %s with a sentence that names the field', (_what, value, expected) => {
    const err = configError(() => parseKioskConfig(json(value), file, {}));
    expect(err.code).toBe('KIOSK_CONFIG_INVALID');
    expect(err.message).toContain(expected);
  });

  it('says the file is broken when it is not JSON, and how to recover', () => {
    const err = configError(() => parseKioskConfig('{ "hubUrl": ', file, {}));
    expect(err.code).toBe('KIOSK_CONFIG_UNREADABLE');
    expect(err.message).toContain(file);
    expect(err.message).toContain('GLASSBAY_KIOSK_ROLE');
  });

  it('refuses a JSON file that is not an object', () => {
    expect(configError(() => parseKioskConfig('["check-in"]', file, {})).code).toBe('KIOSK_CONFIG_UNREADABLE');
  });
});
