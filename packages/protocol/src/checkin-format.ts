// What a check-in accepts, as plain functions without zod, so the kiosk validates as the customer
// types and the hub validates the same way at its edge (queue.ts wraps these in schemas).
//
// Chinese plates follow GA 36-2018: a province character, the issuing city's letter, then five
// characters (seven in all), or six for new-energy vehicles (eight in all). The letters I and O are
// never used (they read as 1 and 0). Foreign plates are typed in a plain Latin mode: letters and
// digits only, separators dropped.

/** The 31 province-level prefixes, in the order of the kiosk's province pad. */
export const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Letters used on Chinese plates: A–Z without I and O. */
export const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PLATE_DIGITS = '0123456789';
/**
 * Characters that may end a seven-character plate: Hong Kong and Macao cross-border (粤Z·1234港),
 * learner (学), trailer (挂), police (警), consulate (领).
 */
export const PLATE_SUFFIXES = '港澳学挂警领';
/** New-energy plates carry D (battery electric) or F (other new energy). */
export const NEW_ENERGY_MARKS = 'DF';
export const LATIN_PLATE_MIN = 2;
export const LATIN_PLATE_MAX = 10;

export const plateModes = ['cn', 'latin'] as const;
export type PlateMode = (typeof plateModes)[number];
export type PlateKind = 'cn-standard' | 'cn-new-energy' | 'latin';

export type PlateErrorCode =
  | 'PLATE_EMPTY'
  | 'PLATE_PROVINCE'
  | 'PLATE_CITY'
  | 'PLATE_I_O'
  | 'PLATE_CHARS'
  | 'PLATE_LENGTH'
  | 'PLATE_NEW_ENERGY'
  | 'PLATE_SUFFIX';

export type Checked<T, C extends string> = { ok: true; value: T } | { ok: false; code: C; message: string };

export interface Plate {
  /** Normalised: upper case, no separators (粤B12345, 粤BD12345, WOB1234). */
  plate: string;
  kind: PlateKind;
}

/** Full-width letters and digits become ASCII, letters upper case, separators (space · . - _) go. */
export function normalizePlateText(raw: string): string {
  return raw
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s·•・.\-_]/g, '');
}

const fail = <C extends string>(code: C, message: string) => ({ ok: false as const, code, message });

const SERIAL = `[${PLATE_LETTERS}${PLATE_DIGITS}]`;
const STANDARD = new RegExp(`^${SERIAL}{4}[${PLATE_LETTERS}${PLATE_DIGITS}${PLATE_SUFFIXES}]$`, 'u');
// Small new-energy: D/F first, then a letter or digit, then four digits (粤B·D12345 / 粤B·DF1234);
// large new-energy: five digits, then D/F (粤B·12345D).
const NEW_ENERGY = new RegExp(`^(?:[${NEW_ENERGY_MARKS}]${SERIAL}[0-9]{4}|[0-9]{5}[${NEW_ENERGY_MARKS}])$`, 'u');

export function parsePlate(raw: string, mode: PlateMode): Checked<Plate, PlateErrorCode> {
  const text = normalizePlateText(raw);
  if (!text) return fail('PLATE_EMPTY', 'type the number plate');
  const chars = [...text];
  if (mode === 'latin') {
    if (!/^[A-Z0-9]+$/.test(text))
      return fail('PLATE_CHARS', 'a foreign plate in Latin mode has only letters A–Z and digits 0–9');
    if (chars.length < LATIN_PLATE_MIN || chars.length > LATIN_PLATE_MAX)
      return fail('PLATE_LENGTH', `a foreign plate has ${LATIN_PLATE_MIN} to ${LATIN_PLATE_MAX} letters and digits`);
    return { ok: true, value: { plate: text, kind: 'latin' } };
  }
  const [province, city, ...rest] = chars;
  if (!PLATE_PROVINCES.includes(province!))
    return fail(
      'PLATE_PROVINCE',
      'a Chinese plate starts with a province character such as 粤 or 京; choose Latin mode for a foreign plate',
    );
  if (city === undefined) return fail('PLATE_LENGTH', 'a Chinese plate has 7 characters, or 8 for new-energy cars');
  if (/[IO]/.test(text)) return fail('PLATE_I_O', 'I and O are not used on Chinese plates; type 1 or 0 instead');
  if (!PLATE_LETTERS.includes(city))
    return fail('PLATE_CITY', 'the second character of a Chinese plate is the letter of the issuing city');
  const serial = rest.join('');
  if (rest.some((c) => !`${PLATE_LETTERS}${PLATE_DIGITS}${PLATE_SUFFIXES}`.includes(c)))
    return fail('PLATE_CHARS', 'a Chinese plate has only letters (no I or O) and digits after the city letter');
  if (rest.length === 5) {
    if (!STANDARD.test(serial))
      return fail('PLATE_SUFFIX', `港, 澳, 学, 挂, 警 and 领 may only be the last character of a plate`);
    return { ok: true, value: { plate: text, kind: 'cn-standard' } };
  }
  if (rest.length === 6) {
    if (!NEW_ENERGY.test(serial))
      return fail(
        'PLATE_NEW_ENERGY',
        'an 8-character new-energy plate has D or F then a letter or digit and four digits, or five digits then D or F',
      );
    return { ok: true, value: { plate: text, kind: 'cn-new-energy' } };
  }
  return fail('PLATE_LENGTH', 'a Chinese plate has 7 characters, or 8 for new-energy cars');
}

// ---------------------------------------------------------------------------------------------
// Phone numbers: a Chinese mobile number (11 digits, 1[3-9]…) or an international one in E.164
// (+ and up to 15 digits). Stored normalised: 13812345678 or +4915112345678.

export type PhoneErrorCode = 'PHONE_EMPTY' | 'PHONE_CHARS' | 'PHONE_FORMAT';

export function parsePhone(raw: string): Checked<string, PhoneErrorCode> {
  const text = raw.normalize('NFKC').replace(/[\s\-().]/g, '');
  if (!text) return fail('PHONE_EMPTY', 'type the mobile number');
  if (!/^\+?[0-9]+$/.test(text)) return fail('PHONE_CHARS', 'a phone number has only digits (and + in front)');
  const cn = text.replace(/^(?:\+86|0086)(?=1)/, '');
  if (/^1[3-9][0-9]{9}$/.test(cn)) return { ok: true, value: cn };
  if (/^\+[1-9][0-9]{6,14}$/.test(text)) return { ok: true, value: text };
  return fail(
    'PHONE_FORMAT',
    'a Chinese mobile number has 11 digits starting with 1; an international one starts with + and the country code',
  );
}

/** The digits a returning customer proves themselves with. */
export const PHONE_PROOF_DIGITS = 4;
export const lastDigits = (phone: string, n = PHONE_PROOF_DIGITS): string => phone.slice(-n);

/** 138****5678 / +49*******5678: what staff screens show by default. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(Math.max(0, phone.length - 4)) + phone.slice(-4);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

// ---------------------------------------------------------------------------------------------
// Mileage: whole kilometres as the odometer shows them.

export const MILEAGE_MAX_KM = 1_500_000;
export type MileageErrorCode = 'MILEAGE_EMPTY' | 'MILEAGE_CHARS' | 'MILEAGE_RANGE';

export function parseMileage(raw: string | number): Checked<number, MileageErrorCode> {
  const text = String(raw).normalize('NFKC').replace(/[\s,]/g, '');
  if (!text) return fail('MILEAGE_EMPTY', 'type the mileage on the odometer');
  if (!/^[0-9]+$/.test(text)) return fail('MILEAGE_CHARS', 'mileage is whole kilometres, digits only');
  const km = Number(text);
  if (km > MILEAGE_MAX_KM) return fail('MILEAGE_RANGE', `mileage is at most ${MILEAGE_MAX_KM.toLocaleString('en')} km`);
  return { ok: true, value: km };
}

// ---------------------------------------------------------------------------------------------
// Booking codes: six characters that cannot be misread on a printout or a phone screen.

export const BOOKING_CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const BOOKING_CODE_LENGTH = 6;

export function parseBookingCode(raw: string): Checked<string, 'BOOKING_CODE_FORMAT'> {
  const text = raw.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (text.length !== BOOKING_CODE_LENGTH || [...text].some((c) => !BOOKING_CODE_ALPHABET.includes(c)))
    return fail(
      'BOOKING_CODE_FORMAT',
      `a booking code has ${BOOKING_CODE_LENGTH} letters and digits, as on the booking`,
    );
  return { ok: true, value: text };
}

/** The kiosk's free-text complaint: short, printable text only. */
export const COMPLAINT_MAX = 200;

/** The languages a customer may choose at the kiosk; the queue board calls them in this language. */
export const customerLanguages = ['zh-CN', 'en'] as const;
export type CustomerLanguage = (typeof customerLanguages)[number];

/** The queue's REST paths (queue-routes.ts is their table); here so screens need no zod to call them. */
export const queuePaths = {
  lookup: '/api/checkin/lookup',
  due: '/api/checkin/due',
  booking: '/api/checkin/booking',
  checkIn: '/api/checkin',
  tickets: '/api/tickets',
  vehicleCheck: '/api/tickets/:ticketId/vehicle-check',
  rules: '/api/maintenance-rules',
  rule: '/api/maintenance-rules/:code',
  appointments: '/api/appointments',
  appointment: '/api/appointments/:appointmentId',
} as const;
export const deskActions = ['open', 'close', 'call-next', 'call', 'recall', 'no-show', 'transfer', 'serve'] as const;
export type DeskAction = (typeof deskActions)[number];
export const deskPath = (action: DeskAction) => `/api/desks/:deskId/${action}` as const;
