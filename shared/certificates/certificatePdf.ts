import QRCode from 'qrcode';
import { createPdf } from '../reports/pdfFonts.js';
import type { CertificateRecord } from './certificate.js';

/**
 * The certificate's PDF (issue 23): one landscape A4 page drawn with the reports' pdfkit setup (embedded
 * Inter), showing only what the certificate states — the learner's name, the course or tutorial title,
 * the issuing organization and the issue date — plus the verification URL, printed and as a QR code
 * drawn as vector squares (crisp at any zoom, decodable from a 150 dpi rendering). Everything comes from
 * the frozen record, and the document's dates are the issue time, so rendering it again gives the same
 * page.
 */

const PAGE = { width: 841.89, height: 595.28 };
const INK = '#1D2730';
const MUTED = '#5F6B75';
const BAND = '#1F4E5F';
const ACCENT = '#2A7F8F';
const GOLD = '#B08D3C';

/** `2026-11-30` → `30 November 2026` (the date is already the learner's local date). */
export function longDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));
}

/** Draws `text` as a QR code (error correction M) in a square of `size` points at (x, y), with its quiet zone inside. */
export function drawQrCode(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  pdf.rect(x, y, size, size).fill('white');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) pdf.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell + 0.05, cell + 0.05);
    }
  }
  pdf.fill('black');
}

export async function certificatePdf(record: CertificateRecord, verificationUrl: string): Promise<Buffer> {
  const issued = new Date(record.issuedAt);
  const { pdf, done } = createPdf({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `Certificate — ${record.title} — ${record.learnerName}`, Author: record.organizationName, Subject: `Certificate ${record.certificateId}`, Creator: 'Cairn', CreationDate: issued, ModDate: issued },
  });
  const { width, height } = PAGE;
  const center = (t: string, y: number, font: string, size: number, color: string, options: PDFKit.Mixins.TextOptions = {}) =>
    pdf.font(font).fontSize(size).fillColor(color).text(t, 90, y, { width: width - 180, align: 'center', ...options });

  // Frame: a teal band on the left, a double rule around the page.
  pdf.rect(0, 0, width, height).fill('#FBFAF7');
  pdf.rect(0, 0, 18, height).fill(BAND);
  pdf.rect(36, 24, width - 60, height - 48).lineWidth(1.6).strokeColor(BAND).stroke();
  pdf.rect(42, 30, width - 72, height - 60).lineWidth(0.5).strokeColor(GOLD).stroke();

  center('CERTIFICATE OF COMPLETION', 70, 'Inter-SemiBold', 11, ACCENT, { characterSpacing: 3 });
  center(record.organizationName, 92, 'Inter', 12, MUTED);
  pdf.moveTo(width / 2 - 40, 122).lineTo(width / 2 + 40, 122).lineWidth(1).strokeColor(GOLD).stroke();
  center('This certifies that', 146, 'Inter', 13, MUTED);
  center(record.learnerName, 170, 'Inter-SemiBold', 34, INK, { height: 48, ellipsis: true });
  center(record.kind === 'course' ? 'has successfully completed the course' : 'has successfully completed the tutorial', 232, 'Inter', 13, MUTED);
  center(record.title, 256, 'Inter-SemiBold', 22, BAND, { height: 60, ellipsis: true });

  // Bottom row: issuer and date on the left, the QR code and the verification URL on the right.
  const rowY = 372;
  const labelled = (label: string, value: string, x: number, w: number) => {
    pdf.moveTo(x, rowY).lineTo(x + w, rowY).lineWidth(0.6).strokeColor(MUTED).stroke();
    pdf.font('Inter').fontSize(8.5).fillColor(MUTED).text(label.toUpperCase(), x, rowY + 8, { width: w, characterSpacing: 1 });
    pdf.font('Inter-SemiBold').fontSize(13).fillColor(INK).text(value, x, rowY + 22, { width: w, height: 34, ellipsis: true });
  };
  labelled('Issued by', record.organizationName, 90, 220);
  labelled('Date of issue', longDate(record.issuedOn), 340, 170);

  const qrSize = 118;
  const qrX = width - 90 - qrSize;
  const qrY = rowY - 40;
  drawQrCode(pdf, verificationUrl, qrX, qrY, qrSize);
  pdf.font('Inter').fontSize(7.5).fillColor(MUTED).text('Scan or visit to verify', qrX - 10, qrY + qrSize + 4, { width: qrSize + 20, align: 'center' });

  pdf.font('Inter').fontSize(8).fillColor(MUTED).text('Verify this certificate at', 90, 470, { width: 520 });
  pdf.font('Inter').fontSize(8).fillColor(ACCENT).text(verificationUrl, 90, 482, { width: 520, link: verificationUrl });
  pdf.font('Inter').fontSize(8).fillColor(MUTED).text(`Certificate ID ${record.certificateId}`, 90, 500, { width: 520 });
  pdf.end();
  return done;
}
