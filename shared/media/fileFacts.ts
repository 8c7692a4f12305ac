import { presignGet, putObject, readObject, thumbnailObjectKey } from './mediaBucket.js';
import { NotAVideoError, probeConfig, probeVideo, videoThumbnail } from './mediaProbe.js';
import { NotAPdfError, PDF_PAGE_COUNT_MAX_BYTES, pdfFacts } from './pdfPages.js';
import { rejectUnreadable, type UploadSession } from './uploadSessions.js';

/**
 * What Cairn learns from an uploaded file's bytes (issue 18 "real metadata"): a video's duration,
 * frame size and a thumbnail (ffprobe/ffmpeg), a PDF's page count and title (pdf-lib). A figure that
 * could not be measured is null: a video with the probe switched off (no ffmpeg layer), a PDF above
 * the page-count size limit.
 */
export interface FileFacts {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  thumbnailKey: string | null;
  pageCount: number | null;
  documentTitle: string | null;
}

const NONE: FileFacts = { durationSeconds: null, width: null, height: null, thumbnailKey: null, pageCount: null, documentTitle: null };

/** Probe URLs live only as long as ffprobe and ffmpeg need them. */
const PROBE_URL_TTL_SECONDS = 120;

export async function fileFacts(session: UploadSession, field: string): Promise<FileFacts> {
  if (session.kind === 'video') {
    const config = probeConfig();
    if (!config.enabled) return NONE;
    const { url } = await presignGet(session.objectKey, PROBE_URL_TTL_SECONDS);
    try {
      const probe = await probeVideo(url, config);
      const thumbnail = await videoThumbnail(url, probe.durationSeconds, config);
      const thumbnailKey = thumbnailObjectKey(session.tenantId, session.recordId);
      await putObject(thumbnailKey, thumbnail, 'image/jpeg');
      return { ...NONE, durationSeconds: probe.durationSeconds, width: probe.width, height: probe.height, thumbnailKey };
    } catch (err) {
      if (err instanceof NotAVideoError) return rejectUnreadable(session, field);
      throw err;
    }
  }
  if (session.contentType === 'application/pdf') {
    if (session.fileSize > PDF_PAGE_COUNT_MAX_BYTES) return NONE;
    try {
      const facts = await pdfFacts(await readObject(session.objectKey));
      return { ...NONE, pageCount: facts.pageCount, documentTitle: facts.title };
    } catch (err) {
      if (err instanceof NotAPdfError) return rejectUnreadable(session, field);
      throw err;
    }
  }
  return NONE;
}
