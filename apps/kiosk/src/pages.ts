// Pages the shell shows itself when it cannot show the hub: not configured, or hub unreachable.
// Bilingual, large type for a TV across the room, dark like the screens, and no scripts.
import { HUB_DNSSD_SERVICE } from '@glassbay/protocol';
import { KIOSK_BACKGROUND } from './window.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface StatusPage {
  zh: string;
  en: string;
  /** Details for the installer, shown smaller. */
  details: string[];
}

export function statusPageHtml(page: StatusPage): string {
  const details = page.details.map((d) => `<p class="d">${escapeHtml(d)}</p>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Glassbay</title><style>
html,body{margin:0;height:100%;background:${KIOSK_BACKGROUND};color:#e8edf5;cursor:none;
font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif}
main{display:flex;flex-direction:column;justify-content:center;height:100%;padding:0 8vw;box-sizing:border-box}
h1{font-size:5vw;margin:0 0 1vw;font-weight:600}h2{font-size:3vw;margin:0 0 4vw;font-weight:400;color:#9fb0c8}
.d{font-size:1.6vw;margin:.4vw 0;color:#9fb0c8;font-family:ui-monospace,monospace;word-break:break-all}
</style></head><body><main><h1>${escapeHtml(page.zh)}</h1><h2>${escapeHtml(page.en)}</h2>${details}</main></body></html>`;
}

export const statusPageUrl = (page: StatusPage): string =>
  `data:text/html;charset=utf-8,${encodeURIComponent(statusPageHtml(page))}`;

export const offlinePage = (hubUrl: string, reason: string, retryInMs: number): StatusPage => ({
  zh: '正在连接服务中心…',
  en: 'Connecting to the service hub…',
  details: [
    `${hubUrl} — ${reason}`,
    `${Math.ceil(retryInMs / 1000)} 秒后重试 · retry in ${Math.ceil(retryInMs / 1000)} s`,
  ],
});

export const searchingPage = (): StatusPage => ({
  zh: '正在局域网中查找服务中心…',
  en: 'Looking for the service hub on this network…',
  details: [
    `mDNS / DNS-SD: ${HUB_DNSSD_SERVICE}`,
    'To skip the search, set hubUrl in kiosk.json (or GLASSBAY_KIOSK_HUB_URL).',
  ],
});

export const notConfiguredPage = (code: string, message: string): StatusPage => ({
  zh: '此屏幕尚未设置',
  en: 'This screen is not set up yet',
  details: [`${code}: ${message}`],
});

export const redirectedAwayPage = (hubUrl: string, to: string): StatusPage => ({
  zh: '服务中心地址需要更新',
  en: 'The hub sent this screen to another address',
  details: [
    `${hubUrl} → ${to}`,
    `KIOSK_HUB_REDIRECTED: if ${new URL(to).origin} is the hub, set hubUrl (or GLASSBAY_KIOSK_HUB_URL) to it.`,
  ],
});
