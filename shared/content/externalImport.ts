import { ValidationError, ImportFailedError } from '../http/errors.js';
import { NotAPdfError, pdfFacts } from '../media/pdfPages.js';
import { FetchFailedError, safeFetch, UnsafeUrlError, type SafeFetchOptions, type SafeFetchResult } from '../net/safeFetch.js';

/**
 * Seed 004 "External Content Integration": what Cairn learns about an external source before storing
 * it as a resource. Every remote read goes through the SSRF-safe fetcher (shared/net/safeFetch.ts).
 *
 * - youtube: the video id from the URL (youtube.com/watch?v=, youtu.be/, /embed/, /shorts/), title and
 *   channel from YouTube's oEmbed endpoint. oEmbed has no duration, so `duration` is null.
 * - article: the page (HTML, ≤ 2 MiB, 8 s): title (og:title, else <title>), description, site name,
 *   author, word count of the visible text and reading time at 200 words per minute.
 * - pdf: the file (≤ 20 MiB, 15 s): must be a PDF; page count and title (pdf-lib).
 */
export interface ImportedSource {
  type: 'video' | 'article' | 'document';
  title: string | null;
  url: string;
  metadata: Record<string, unknown> & { duration: number | null };
}

type Fetcher = (url: string, options: SafeFetchOptions) => Promise<SafeFetchResult>;

export interface ImportDependencies {
  fetch: Fetcher;
  youtubeOEmbedUrl: string;
}

const DEFAULTS: ImportDependencies = { fetch: (url, options) => safeFetch(url, options), youtubeOEmbedUrl: 'https://www.youtube.com/oembed' };
let dependencies: ImportDependencies = DEFAULTS;

/** Tests point oEmbed at a local server (reached through the fetcher's test allowlist). Pass {} to reset. */
export function setImportDependencies(overrides: Partial<ImportDependencies>): void {
  dependencies = { ...DEFAULTS, ...overrides };
}

const URL_FIELD = 'body.source.url';

/** Turns the fetcher's refusals into a 400 on the URL field and remote failures into a 422. */
async function fetchChecked(url: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  try {
    return await dependencies.fetch(url, options);
  } catch (err) {
    if (err instanceof UnsafeUrlError) throw new ValidationError([{ field: URL_FIELD, message: err.message, code: err.reason }], 'This URL cannot be imported');
    if (err instanceof FetchFailedError) throw new ImportFailedError(`The source could not be fetched: ${err.message}`, URL_FIELD, err.failure);
    throw err;
  }
}

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be']);
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/** The video id of a YouTube URL, or undefined. */
export function youtubeVideoId(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || !YOUTUBE_HOSTS.has(url.hostname)) return undefined;
  const candidate = url.hostname === 'youtu.be' ? url.pathname.slice(1) : url.pathname === '/watch' ? url.searchParams.get('v') ?? '' : (/^\/(embed|shorts|live)\/([^/]+)/.exec(url.pathname)?.[2] ?? '');
  return VIDEO_ID.test(candidate) ? candidate : undefined;
}

async function importYoutube(raw: string): Promise<ImportedSource> {
  const videoId = youtubeVideoId(raw);
  if (!videoId) throw new ValidationError([{ field: URL_FIELD, message: 'Not a YouTube video URL (https://www.youtube.com/watch?v=… or https://youtu.be/…)', code: 'not_a_youtube_url' }]);
  const canonical = `https://www.youtube.com/watch?v=${videoId}`;
  const res = await fetchChecked(`${dependencies.youtubeOEmbedUrl}?format=json&url=${encodeURIComponent(canonical)}`, { maxBytes: 64 * 1024, timeoutMs: 5000, accept: 'application/json' });
  let oembed: { title?: unknown; author_name?: unknown; thumbnail_url?: unknown };
  try {
    oembed = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new ImportFailedError('YouTube answered something other than oEmbed JSON', URL_FIELD, 'bad_response');
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 500) : null);
  return {
    type: 'video',
    title: text(oembed.title),
    url: canonical,
    metadata: { duration: null, videoId, embedUrl: `https://www.youtube.com/embed/${videoId}`, author: text(oembed.author_name), thumbnailUrl: text(oembed.thumbnail_url) },
  };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const clean = (value: string | undefined) => {
  const text = value === undefined ? '' : decodeEntities(value).replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 500) : null;
};

/** `<meta property|name="key" content="…">` in either attribute order. */
function metaContent(html: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const a = new RegExp(`<meta[^>]+(?:property|name)=["']${escaped}["'][^>]*content=["']([^"']*)["']`, 'i').exec(html);
  const b = new RegExp(`<meta[^>]+content=["']([^"']*)["'][^>]*(?:property|name)=["']${escaped}["']`, 'i').exec(html);
  return (a ?? b)?.[1];
}

/** Facts of an HTML article (pure; exported for unit tests). */
export function articleFacts(html: string): { title: string | null; description: string | null; siteName: string | null; author: string | null; wordCount: number; readingMinutes: number } {
  const title = clean(metaContent(html, 'og:title')) ?? clean(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1]);
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const visible = decodeEntities(body.replace(/<(script|style|noscript|template)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ').replace(/<[^>]+>/g, ' '));
  const wordCount = visible.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return {
    title,
    description: clean(metaContent(html, 'og:description') ?? metaContent(html, 'description')),
    siteName: clean(metaContent(html, 'og:site_name')),
    author: clean(metaContent(html, 'author')),
    wordCount,
    readingMinutes: Math.ceil(wordCount / 200),
  };
}

async function importArticle(raw: string): Promise<ImportedSource> {
  const res = await fetchChecked(raw, { maxBytes: 2 * 1024 * 1024, timeoutMs: 8000, accept: 'text/html,application/xhtml+xml' });
  const type = res.contentType.split(';')[0]!.trim().toLowerCase();
  if (type !== 'text/html' && type !== 'application/xhtml+xml') throw new ImportFailedError(`Expected an HTML page, got ${type || 'no content type'}`, URL_FIELD, 'wrong_type');
  const facts = articleFacts(res.body.toString('utf8'));
  return {
    type: 'article',
    title: facts.title,
    url: raw,
    metadata: { duration: null, finalUrl: res.url, description: facts.description, siteName: facts.siteName, author: facts.author, wordCount: facts.wordCount, readingMinutes: facts.readingMinutes },
  };
}

async function importPdf(raw: string): Promise<ImportedSource> {
  const res = await fetchChecked(raw, { maxBytes: 20 * 1024 * 1024, timeoutMs: 15_000, accept: 'application/pdf' });
  if (res.body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ImportFailedError('The URL did not return a PDF', URL_FIELD, 'wrong_type');
  try {
    const facts = await pdfFacts(res.body);
    return { type: 'document', title: facts.title, url: raw, metadata: { duration: null, finalUrl: res.url, pageCount: facts.pageCount, fileSize: res.body.length } };
  } catch (err) {
    if (err instanceof NotAPdfError) throw new ImportFailedError('The PDF could not be read', URL_FIELD, 'wrong_type');
    throw err;
  }
}

export async function importSource(type: 'youtube' | 'article' | 'pdf', url: string): Promise<ImportedSource> {
  switch (type) {
    case 'youtube':
      return importYoutube(url);
    case 'article':
      return importArticle(url);
    case 'pdf':
      return importPdf(url);
  }
}
