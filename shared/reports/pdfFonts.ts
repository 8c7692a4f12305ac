import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create as createFont } from 'fontkit';
import PDFDocument from 'pdfkit';

/**
 * The one pdfkit setup every Cairn PDF uses (reports, certificates, receipts): text in an embedded TTF
 * (Inter), registered as `Inter` and `Inter-SemiBold`. pdfkit's built-in fonts are AFM files it reads
 * from its own folder at run time, which a bundle does not have. The Lambda bundle carries the TTFs in
 * `fonts/` next to its index.mjs (lib/constructs/lambdaBundle.ts); from the source tree they come from
 * the @expo-google-fonts/inter package.
 */
export const REPORT_FONT_FILES = {
  regular: { pkg: '400Regular/Inter_400Regular.ttf', file: 'Inter_400Regular.ttf' },
  semibold: { pkg: '600SemiBold/Inter_600SemiBold.ttf', file: 'Inter_600SemiBold.ttf' },
} as const;

const fontCache = new Map<string, Buffer>();

/** The TTF bytes: `fonts/<file>` beside the running module (the bundle), else from the package. */
export function reportFont(kind: keyof typeof REPORT_FONT_FILES): Buffer {
  const { pkg, file } = REPORT_FONT_FILES[kind];
  let bytes = fontCache.get(file);
  if (!bytes) {
    const beside = join(dirname(fileURLToPath(import.meta.url)), 'fonts', file);
    const path = existsSync(beside) ? beside : createRequire(import.meta.url).resolve(`@expo-google-fonts/inter/${pkg}`);
    bytes = readFileSync(path);
    fontCache.set(file, bytes);
  }
  return bytes;
}

const parsed = new Map<string, unknown>();

/**
 * The fontkit font, parsed once per process: parsing Inter's tables costs more than rendering a whole
 * report, and pdfkit accepts a parsed font wherever it accepts font bytes.
 */
function parsedFont(kind: keyof typeof REPORT_FONT_FILES): unknown {
  let font = parsed.get(kind);
  if (!font) {
    font = createFont(reportFont(kind));
    parsed.set(kind, font);
  }
  return font;
}

export type PdfOptions = Omit<PDFKit.PDFDocumentOptions, 'font'>;

/**
 * A new document with the Inter fonts registered and its bytes collected: draw on `pdf`, call
 * `pdf.end()`, await `done`. The TTF is the document's font from the start; pdfkit would otherwise
 * load its built-in Helvetica (AFM files) on creation.
 */
export function createPdf(options: PdfOptions): { pdf: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const pdf = new PDFDocument({ ...options, font: parsedFont('regular') as unknown as string });
  pdf.registerFont('Inter', parsedFont('regular') as unknown as string);
  pdf.registerFont('Inter-SemiBold', parsedFont('semibold') as unknown as string);
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  return { pdf, done };
}
