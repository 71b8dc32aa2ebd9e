// @ts-check
// Lays out an evidence pack's summary (evidence-summary.ts's SummaryDoc) as an A4 PDF with pdfkit,
// on a thread of its own: opening a CJK font, laying out and subsetting it costs about a second of
// CPU, which must not stall the hub's readings. Plain JavaScript: a worker thread starts without the
// TypeScript loader the hub may run under. Replies with the PDF's bytes or an error message.
import PDFDocument from 'pdfkit';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ doc: import('./evidence-summary.ts').SummaryDoc; font: { path: string; name: string } | null }} */
const { doc, font } = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

try {
  const pdf = new PDFDocument({ size: 'A4', margin: 40, info: { Title: doc.title, Producer: 'Glassbay' } });
  /** @type {Buffer[]} */
  const chunks = [];
  pdf.on('data', (c) => chunks.push(c));
  pdf.on('end', () => port.postMessage({ ok: true, pdf: Buffer.concat(chunks) }));
  if (font) pdf.registerFont('body', font.path, font.name);
  const face = font ? 'body' : 'Helvetica';
  const width = pdf.page.width - 80;
  const bottom = () => pdf.page.height - 60;

  pdf.font(face).fontSize(16).text(doc.title);
  pdf.moveDown(0.5).fontSize(10);
  for (const line of doc.lines) pdf.text(line);

  for (const s of doc.sections) {
    pdf.moveDown(1);
    if (pdf.y > bottom() - 40) pdf.addPage();
    pdf.fontSize(12).text(s.heading, 40);
    pdf.moveDown(0.3).fontSize(8.5);
    /** @param {string[]} cells @param {string} colour */
    const row = (cells, colour) => {
      const heights = cells.map((c, i) => pdf.heightOfString(c, { width: width * (s.widths[i] ?? 0.2) - 6 }));
      const h = Math.max(...heights, 10);
      if (pdf.y + h > bottom()) pdf.addPage();
      const y = pdf.y;
      let x = 40;
      cells.forEach((c, i) => {
        const w = width * (s.widths[i] ?? 0.2);
        pdf.fillColor(colour).text(c, x, y, { width: w - 6 });
        x += w;
      });
      pdf.x = 40;
      pdf.y = y + h + 3;
    };
    row(s.columns, '#555555');
    pdf
      .moveTo(40, pdf.y - 1)
      .lineTo(40 + width, pdf.y - 1)
      .strokeColor('#999999')
      .stroke();
    if (s.rows.length === 0) pdf.fillColor('#555555').text(s.empty, 40);
    for (const r of s.rows) row(r, '#000000');
    pdf.fillColor('#000000');
  }
  pdf.moveDown(1.5).fontSize(7.5).fillColor('#555555').text(doc.footer, 40);
  pdf.end();
} catch (err) {
  port.postMessage({ ok: false, message: /** @type {Error} */ (err).message });
}
