// The printed ticket: a complete little HTML document (the kiosk shell prints it with scripts off),
// 58/80 mm thermal-receipt friendly: black on white, the number huge, the QR code, nothing personal
// but the masked plate.
import type { CheckInReceipt } from '@glassbay/protocol';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface ReceiptText {
  shop: string;
  title: string;
  lane: string;
  wait: string;
  scan: string;
  time: string;
  /** "Lounge code" label: the code opens the car at the lounge board (never the ticket number). */
  loungeCode: string;
}

export function receiptHtml(r: CheckInReceipt, qrSvg: string, text: ReceiptText): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(r.ticket.number)}</title><style>
@page { size: 80mm auto; margin: 4mm; }
body { font-family: 'Noto Sans CJK SC', sans-serif; color: #000; background: #fff; text-align: center; margin: 0; }
h1 { font-size: 11pt; margin: 0 0 2mm; }
.t { font-size: 9pt; margin: 1mm 0; }
.n { font-size: 40pt; font-weight: 800; margin: 2mm 0; letter-spacing: 1pt; }
.qr svg { width: 38mm; height: 38mm; }
</style></head><body>
<h1>${esc(text.shop)}</h1>
<p class="t">${esc(text.title)}</p>
<p class="n">${esc(r.ticket.number)}</p>
<p class="t">${esc(text.lane)} · ${esc(r.ticket.plateMasked)}</p>
<p class="t">${esc(text.wait)}</p>
<p class="t">${esc(text.loungeCode)} <b>${esc(r.loungeCode)}</b></p>
<div class="qr">${qrSvg}</div>
<p class="t">${esc(text.scan)}</p>
<p class="t">${esc(text.time)}</p>
</body></html>`;
}
