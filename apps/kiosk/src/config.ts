// Kiosk configuration: a JSON file in the app's userData folder, overridden by environment variables,
// validated with zod. A kiosk with a bad config shows the error on screen instead of a blank page.
import { z } from 'zod';
import { KioskRoleSchema } from '@glassbay/protocol';
import { touchByRole } from './behaviour.ts';
import { weekdays } from './opening-hours.ts';

export const CONFIG_FILE_NAME = 'kiosk.json';

export const KioskEnv = {
  hubUrl: 'GLASSBAY_KIOSK_HUB_URL',
  role: 'GLASSBAY_KIOSK_ROLE',
  dev: 'GLASSBAY_KIOSK_DEV',
} as const;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM on the 24-hour clock, e.g. 07:30');

const HubUrl = z
  .string({
    error: (iss) => (iss.input === undefined ? 'missing; the hub address, e.g. http://hub.local:8080' : 'must be text'),
  })
  .transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL; write the hub address, e.g. http://hub.local:8080' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'the hub address must start with http:// or https://' });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'the hub address must not carry a user name or password' });
    } else if (url.pathname !== '/' || url.search || url.hash) {
      ctx.addIssue({
        code: 'custom',
        message: `give only the hub address (${url.origin}); the role picks the page`,
      });
    }
    return url.origin;
  });

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as Asia/Shanghai');

export const KioskConfigSchema = z
  .object({
    /** Absent: the shell finds the hub on the local network (mDNS/DNS-SD). */
    hubUrl: HubUrl.optional(),
    /** With several hubs on one network (a test hub beside the shop's), the id of the one to use. */
    hubId: z
      .string()
      .regex(/^[0-9a-f]{8,32}$/, "the hub's id as its /healthz or the installer's log shows it")
      .optional(),
    role: KioskRoleSchema,
    /**
     * The hub serves HTTPS with its own certificate (GLASSBAY_TLS=on): its SHA-256 fingerprint as the
     * hub logs it. The shell then trusts exactly that certificate (tls-pin.ts).
     */
    tlsFingerprint256: z
      .string()
      .trim()
      .toUpperCase()
      .regex(
        /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
        'the fingerprint256 the hub logs at start (32 hex pairs separated by colons)',
      )
      .optional(),
    /** Touch screens keep the cursor (it follows the finger on some drivers, harmless); boards hide it. */
    touch: z.boolean().optional(),
    /** When set, the display may sleep outside these hours; without it the display never sleeps. */
    openingHours: z
      .array(z.object({ days: z.array(z.enum(weekdays)).min(1), open: TimeOfDay, close: TimeOfDay }).strict())
      .min(1)
      .optional(),
    timeZone: TimeZone.optional(),
    /** Receipt printer name as the OS knows it; the system default when absent. */
    printer: z.string().min(1).optional(),
    watchdog: z
      .object({
        baseDelayMs: z.number().int().min(100).max(60_000).default(1_000),
        maxDelayMs: z.number().int().min(1_000).max(600_000).default(60_000),
        relaunchAfter: z.number().int().min(2).max(50).default(5),
        windowMs: z.number().int().min(10_000).max(86_400_000).default(600_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type KioskConfig = Omit<z.output<typeof KioskConfigSchema>, 'touch' | 'hubUrl'> & {
  /** null: find the hub on the local network. */
  hubUrl: string | null;
  /** The installer's role's default; the running shell follows the paired role (behaviour.ts). */
  touch: boolean;
  /** `touch` as written in kiosk.json: the hardware has (or lacks) a touch panel, whatever the role. */
  touchOverride: boolean | null;
  /** GLASSBAY_KIOSK_DEV=1: devtools and reload allowed, for installers and developers only. */
  dev: boolean;
};

export class KioskConfigError extends Error {
  constructor(
    readonly code: 'KIOSK_CONFIG_UNREADABLE' | 'KIOSK_CONFIG_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'KioskConfigError';
  }
}

/**
 * Build the config from the file's text (null when there is no file) and the environment, which wins
 * field by field. Throws KioskConfigError with a sentence naming the file, the field and the fix.
 */
export function parseKioskConfig(fileText: string | null, filePath: string, env: NodeJS.ProcessEnv): KioskConfig {
  let fromFile: Record<string, unknown> = {};
  if (fileText !== null) {
    try {
      const parsed: unknown = JSON.parse(fileText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      fromFile = parsed as Record<string, unknown>;
    } catch (err) {
      throw new KioskConfigError(
        'KIOSK_CONFIG_UNREADABLE',
        `${filePath} is not a JSON object (${(err as Error).message}); fix it or delete it and set ${KioskEnv.hubUrl} and ${KioskEnv.role}.`,
      );
    }
  }
  const merged = {
    ...fromFile,
    ...(env[KioskEnv.hubUrl] ? { hubUrl: env[KioskEnv.hubUrl] } : {}),
    ...(env[KioskEnv.role] ? { role: env[KioskEnv.role] } : {}),
  };
  const result = KioskConfigSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new KioskConfigError(
      'KIOSK_CONFIG_INVALID',
      `Kiosk configuration is not usable: ${problems.join('; ')}. Set it in ${filePath} or with ${KioskEnv.hubUrl} / ${KioskEnv.role} (roles: ${KioskRoleSchema.options.join(', ')}).`,
    );
  }
  const { touch, hubUrl, ...rest } = result.data;
  return {
    ...rest,
    hubUrl: hubUrl ?? null,
    touch: touch ?? touchByRole[rest.role],
    touchOverride: touch ?? null,
    dev: env[KioskEnv.dev] === '1',
  };
}
