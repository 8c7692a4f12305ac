/**
 * `security.allowedFileTypes` (seed 004's configuration): the content types an upload may declare, per
 * purpose, with the file-name extensions each accepts and how the stored bytes are recognised. The
 * declared type is never trusted alone: `complete` reads the object's first bytes and checks them
 * against the type's signature (shared/media/uploadVerification.ts).
 */
export type FileKind = 'video' | 'document' | 'image' | 'text';

export interface FileTypeRule {
  kind: FileKind;
  extensions: readonly string[];
  /** Whether the first bytes of a file are of this type. */
  matches(head: Uint8Array): boolean;
}

const ascii = (head: Uint8Array, offset: number, text: string) => [...text].every((ch, i) => head[offset + i] === ch.charCodeAt(0));
const bytes = (head: Uint8Array, offset: number, values: readonly number[]) => values.every((v, i) => head[offset + i] === v);

/** ISO base media (MP4, QuickTime): a box `ftyp` at offset 4 (QuickTime may also start with `moov`, `mdat`, `wide`, `free`). */
const isoMedia = (head: Uint8Array) => ascii(head, 4, 'ftyp');
const quickTime = (head: Uint8Array) => ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].some((box) => ascii(head, 4, box));
/** Text: no NUL byte and valid UTF-8 in what was read (a truncated multi-byte sequence at the end is allowed). */
const text = (head: Uint8Array) => {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
};

export const FILE_TYPES: Record<string, FileTypeRule> = {
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'], matches: isoMedia },
  'video/quicktime': { kind: 'video', extensions: ['mov'], matches: quickTime },
  'video/webm': { kind: 'video', extensions: ['webm'], matches: (h) => bytes(h, 0, [0x1a, 0x45, 0xdf, 0xa3]) },
  'application/pdf': { kind: 'document', extensions: ['pdf'], matches: (h) => ascii(h, 0, '%PDF-') },
  'image/png': { kind: 'image', extensions: ['png'], matches: (h) => bytes(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'], matches: (h) => bytes(h, 0, [0xff, 0xd8, 0xff]) },
  'image/gif': { kind: 'image', extensions: ['gif'], matches: (h) => ascii(h, 0, 'GIF87a') || ascii(h, 0, 'GIF89a') },
  'image/webp': { kind: 'image', extensions: ['webp'], matches: (h) => ascii(h, 0, 'RIFF') && ascii(h, 8, 'WEBP') },
  'text/plain': { kind: 'text', extensions: ['txt'], matches: text },
  'text/markdown': { kind: 'text', extensions: ['md', 'markdown'], matches: text },
};

/**
 * The allowlists. The media library (seed 002) takes lesson videos and their handouts; a personal
 * course's content (seed 004 "notes, PDFs, images") takes documents, images and text notes.
 */
export const ALLOWED_FILE_TYPES = {
  media: ['video/mp4', 'video/quicktime', 'video/webm', 'application/pdf', 'image/png', 'image/jpeg'],
  content: ['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/markdown'],
} as const satisfies Record<string, readonly (keyof typeof FILE_TYPES)[]>;

export type UploadPurpose = keyof typeof ALLOWED_FILE_TYPES;

/** The rule of an allowed type for a purpose, or undefined when the type is not allowed there. */
export function allowedFileType(purpose: UploadPurpose, contentType: string): FileTypeRule | undefined {
  return (ALLOWED_FILE_TYPES[purpose] as readonly string[]).includes(contentType) ? FILE_TYPES[contentType] : undefined;
}

/** The extension of a file name, lower case, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * A file name a browser may send: 1–255 characters, no path separator, no control character, no
 * leading dot, an extension. Returns the problem, or undefined when the name is fine.
 */
export function fileNameProblem(fileName: string): string | undefined {
  if (fileName.length < 1 || fileName.length > 255) return 'Must be 1 to 255 characters';
  if (/[/\\]/.test(fileName)) return 'Must not contain a path separator';
  // eslint-disable-next-line no-control-regex -- the point is to refuse control characters
  if (/[\u0000-\u001f\u007f]/.test(fileName)) return 'Must not contain control characters';
  if (fileName.startsWith('.')) return 'Must not start with a dot';
  if (!extensionOf(fileName)) return 'Must have an extension';
  return undefined;
}
