import { describe, expect, it } from 'vitest';
import { maskPhone, parseBookingCode, parseMileage, parsePhone, parsePlate } from './checkin-format.ts';
import { CheckInRequestSchema } from './queue.ts';

const ok = (raw: string, mode: 'cn' | 'latin' = 'cn') => {
  const r = parsePlate(raw, mode);
  if (!r.ok) throw new Error(`${raw}: ${r.code} ${r.message}`);
  return r.value;
};
const code = (raw: string, mode: 'cn' | 'latin' = 'cn') => {
  const r = parsePlate(raw, mode);
  return r.ok ? 'ok' : r.code;
};

describe('Chinese plates', () => {
  it('accepts 7-character plates as people write them and normalises them', () => {
    expect(ok('粤B12345')).toEqual({ plate: '粤B12345', kind: 'cn-standard' });
    expect(ok('粤b·1234x')).toEqual({ plate: '粤B1234X', kind: 'cn-standard' });
    expect(ok(' 京 A-9 8 7 6 5 ')).toEqual({ plate: '京A98765', kind: 'cn-standard' });
    // Full-width letters and digits from a Chinese input method.
    expect(ok('沪Ａ１２３４５')).toEqual({ plate: '沪A12345', kind: 'cn-standard' });
    expect(ok('粤Z1234港').kind).toBe('cn-standard');
  });

  it('accepts both forms of 8-character new-energy plates and refuses other 8-character ones', () => {
    expect(ok('粤BD12345')).toEqual({ plate: '粤BD12345', kind: 'cn-new-energy' });
    expect(ok('粤BFA1234').kind).toBe('cn-new-energy');
    expect(ok('粤B12345D').kind).toBe('cn-new-energy');
    expect(code('粤BA12345')).toBe('PLATE_NEW_ENERGY');
    expect(code('粤B1234D5')).toBe('PLATE_NEW_ENERGY');
    expect(code('粤BD1234A')).toBe('PLATE_NEW_ENERGY');
  });

  it('refuses I and O, unknown provinces, wrong lengths and stray characters with a reason', () => {
    expect(code('粤B1234O')).toBe('PLATE_I_O');
    expect(code('粤I12345')).toBe('PLATE_I_O');
    expect(code('港B12345')).toBe('PLATE_PROVINCE');
    expect(code('AB12345')).toBe('PLATE_PROVINCE');
    expect(code('粤812345')).toBe('PLATE_CITY');
    expect(code('粤B1234')).toBe('PLATE_LENGTH');
    expect(code('粤B1234567')).toBe('PLATE_LENGTH');
    expect(code('粤B12港45')).toBe('PLATE_SUFFIX');
    expect(code('')).toBe('PLATE_EMPTY');
    expect(code('粤B12#45')).toBe('PLATE_CHARS');
  });

  it('refuses markup and SQL whatever the mode', () => {
    for (const hostile of ['<script>alert(1)</script>', "粤B1'; DROP TABLE tickets;--", '粤B<img src=x>', '1 OR 1=1']) {
      expect(parsePlate(hostile, 'cn').ok).toBe(false);
      expect(parsePlate(hostile, 'latin').ok).toBe(false);
    }
  });
});

describe('Latin plates', () => {
  it('keeps letters and digits, I and O included, and drops separators', () => {
    expect(ok('wob-ol 1234', 'latin')).toEqual({ plate: 'WOBOL1234', kind: 'latin' });
    expect(ok('HK 1', 'latin').plate).toBe('HK1');
  });
  it('refuses CJK, punctuation and lengths outside 2–10', () => {
    expect(code('粤B12345', 'latin')).toBe('PLATE_CHARS');
    expect(code('AB#12', 'latin')).toBe('PLATE_CHARS');
    expect(code('A', 'latin')).toBe('PLATE_LENGTH');
    expect(code('ABCDEFGHIJK', 'latin')).toBe('PLATE_LENGTH');
  });
});

describe('phone, mileage and booking codes', () => {
  it('accepts Chinese mobiles (with or without +86) and E.164 numbers', () => {
    expect(parsePhone('138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parsePhone('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parsePhone('+49 151 12345678')).toEqual({ ok: true, value: '+4915112345678' });
  });
  it('refuses letters, landline-looking and short numbers', () => {
    expect(parsePhone('abcdefghijk')).toMatchObject({ ok: false, code: 'PHONE_CHARS' });
    expect(parsePhone('1381234567x')).toMatchObject({ ok: false, code: 'PHONE_CHARS' });
    expect(parsePhone('12812345678')).toMatchObject({ ok: false, code: 'PHONE_FORMAT' });
    expect(parsePhone('1381234')).toMatchObject({ ok: false, code: 'PHONE_FORMAT' });
    expect(parsePhone('')).toMatchObject({ ok: false, code: 'PHONE_EMPTY' });
  });
  it('masks phones for staff lists', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('reads mileage as whole kilometres', () => {
    expect(parseMileage('45,400')).toEqual({ ok: true, value: 45400 });
    expect(parseMileage('12.5')).toMatchObject({ ok: false, code: 'MILEAGE_CHARS' });
    expect(parseMileage('99999999')).toMatchObject({ ok: false, code: 'MILEAGE_RANGE' });
  });
  it('reads booking codes without the characters that are easily misread', () => {
    expect(parseBookingCode('ac3-k7m')).toEqual({ ok: true, value: 'AC3K7M' });
    expect(parseBookingCode('AB1O00')).toMatchObject({ ok: false, code: 'BOOKING_CODE_FORMAT' });
  });
});

describe('check-in request', () => {
  const base = {
    attemptId: 'k1_attempt_0123456789',
    lang: 'zh-CN',
    identity: { by: 'plate', plate: { mode: 'cn', text: '粤B·12345' }, phone: '13812345678' },
    mileageKm: 42000,
    categories: ['maintenance'],
    services: [],
  };
  it('normalises the plate and phone at the edge', () => {
    const r = CheckInRequestSchema.parse(base);
    expect(r.identity).toEqual({
      by: 'plate',
      plate: { plate: '粤B12345', kind: 'cn-standard' },
      phone: '13812345678',
    });
  });
  it('refuses unknown fields, empty choices and markup in the complaint', () => {
    expect(CheckInRequestSchema.safeParse({ ...base, admin: true }).success).toBe(false);
    expect(CheckInRequestSchema.safeParse({ ...base, categories: [] }).success).toBe(false);
    expect(CheckInRequestSchema.safeParse({ ...base, complaint: '<b>noise</b>' }).success).toBe(false);
    expect(CheckInRequestSchema.safeParse({ ...base, categories: [], complaint: '刹车有异响' }).success).toBe(true);
  });
});
