import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';

/** Test files made during the test run: real videos (ffmpeg), real PDFs (pdf-lib). */

/**
 * A real MP4 of `seconds` (ffmpeg's test pattern, 320×240, H.264, moov first), padded to exactly
 * `totalBytes` with a trailing ISO-BMFF `free` box, which players and ffprobe skip by definition.
 */
export function testVideo(seconds: number, totalBytes?: number): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-video-'));
  const file = join(dir, 'clip.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=320x240:rate=25`, '-pix_fmt', 'yuv420p', '-c:v', 'libx264', '-movflags', '+faststart', '-y', file]);
  const video = readFileSync(file);
  if (totalBytes === undefined) return video;
  const padding = totalBytes - video.length;
  if (padding < 8) throw new Error(`the video (${video.length} bytes) does not fit in ${totalBytes}`);
  const box = Buffer.alloc(padding);
  box.writeUInt32BE(padding, 0);
  box.write('free', 4, 'latin1');
  return Buffer.concat([video, box]);
}

/** A PDF with `pages` blank pages and a title. */
export async function testPdf(pages: number, title = 'Handout'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  return Buffer.from(await doc.save());
}

/** 8×8 PNG bytes (a real PNG signature; enough for type checks). */
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000008000000080806000000c40fbe8b0000000d49444154789c63600018000000ffff030000010001a0a5c1a50000000049454e44ae426082', 'hex');

/** Width and height of an image or video file, read by ffprobe. */
export function probeDimensions(bytes: Buffer, extension: string): { width: number; height: number; codec: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-probe-'));
  const file = join(dir, `file.${extension}`);
  writeFileSync(file, bytes);
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', file]).toString()) as { streams: { width: number; height: number; codec_name: string }[] };
  const stream = out.streams[0]!;
  return { width: stream.width, height: stream.height, codec: stream.codec_name };
}
