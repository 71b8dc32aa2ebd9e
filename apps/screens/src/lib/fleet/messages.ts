// Names of the screen roles, in both languages, for the pairing page and the console.
import type { KioskRole } from '@glassbay/protocol';
import type { Language } from '../i18n.svelte.ts';

export const roleNames: Record<Language, Record<KioskRole, string>> = {
  'zh-CN': {
    'check-in': '自助登记终端',
    'queue-board': '排队叫号屏',
    'lounge-board': '休息区进度屏',
    'bay-board': '车间工位屏',
  },
  en: {
    'check-in': 'Check-in kiosk',
    'queue-board': 'Queue board',
    'lounge-board': 'Lounge board',
    'bay-board': 'Bay board',
  },
};
