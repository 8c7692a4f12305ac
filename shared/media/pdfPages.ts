/**
 * Page count (and title) of a PDF, in pure JavaScript so it runs in Lambda without a layer: pdf-lib
 * parses the document's cross-reference and page tree (object streams and compressed xref included,
 * which a regex over `/Type /Page` gets wrong). It is loaded on demand, as its own chunk, so only the
 * calls that read a PDF pay for it. The whole file is read into memory, so only PDFs up to
 * PDF_PAGE_COUNT_MAX_BYTES are counted; a larger one is stored with `page_count: null`.
 */
export const PDF_PAGE_COUNT_MAX_BYTES = 64 * 1024 * 1024;

export class NotAPdfError extends Error {
  constructor() {
    super('The file is not a readable PDF');
    this.name = 'NotAPdfError';
  }
}

export async function pdfFacts(bytes: Uint8Array): Promise<{ pageCount: number; title: string | null }> {
  const { PDFDocument } = await import('pdf-lib');
  try {
    const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    return { pageCount: doc.getPageCount(), title: doc.getTitle() ?? null };
  } catch {
    throw new NotAPdfError();
  }
}
