import fc from 'fast-check';
import { articleFacts, youtubeVideoId } from '../../shared/content/externalImport.js';
import { MAX_PARTS, MIB, MIN_PART_BYTES, partLength, uploadPlan } from '../../shared/domain/uploadPlan.js';
import { allowedFileType, fileNameProblem, FILE_TYPES } from '../../shared/media/fileTypes.js';
import { isPublicAddress } from '../../shared/net/addressPolicy.js';

describe('upload plan', () => {
  it('sends files up to 5 MiB in one PUT', () => {
    expect(uploadPlan(1)).toEqual({ method: 'single', chunkSize: 1, totalChunks: 1 });
    expect(uploadPlan(5 * MIB)).toEqual({ method: 'single', chunkSize: 5 * MIB, totalChunks: 1 });
  });

  it('cuts 12 MiB into 5 + 5 + 2 MiB', () => {
    const plan = uploadPlan(12 * MIB);
    expect(plan).toEqual({ method: 'multipart', chunkSize: 5 * MIB, totalChunks: 3 });
    expect([1, 2, 3].map((n) => partLength(12 * MIB, plan, n))).toEqual([5 * MIB, 5 * MIB, 2 * MIB]);
  });

  it('grows the chunk to whole MiB when 10,000 parts of 5 MiB are not enough', () => {
    // 60,000 MiB / 10,000 = 6 MiB per part, exactly 10,000 parts.
    expect(uploadPlan(60_000 * MIB)).toEqual({ method: 'multipart', chunkSize: 6 * MIB, totalChunks: 10_000 });
  });

  it('always covers the file with parts S3 accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 * 1024 * 1024 * MIB }), (size) => {
        const plan = uploadPlan(size);
        expect(plan.totalChunks).toBeLessThanOrEqual(MAX_PARTS);
        let sum = 0;
        let smallestButLast = Infinity;
        for (let n = 1; n <= plan.totalChunks; n++) {
          const length = partLength(size, plan, n);
          sum += length;
          if (n < plan.totalChunks) smallestButLast = Math.min(smallestButLast, length);
        }
        expect(sum).toBe(size);
        expect(partLength(size, plan, plan.totalChunks)).toBeGreaterThan(0);
        if (plan.method === 'multipart') expect(smallestButLast).toBeGreaterThanOrEqual(MIN_PART_BYTES);
      }),
    );
  });
});

describe('file types (security.allowedFileTypes)', () => {
  it('allows per purpose', () => {
    expect(allowedFileType('media', 'video/mp4')?.kind).toBe('video');
    expect(allowedFileType('media', 'text/plain')).toBeUndefined();
    expect(allowedFileType('content', 'text/markdown')?.kind).toBe('text');
    expect(allowedFileType('content', 'video/mp4')).toBeUndefined();
    expect(allowedFileType('content', 'image/svg+xml')).toBeUndefined();
  });

  it('recognises the bytes of each type and not another type\'s', () => {
    const mp4 = Buffer.from('000000206674797069736f6d', 'hex');
    const pdf = Buffer.from('%PDF-1.7\n');
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    expect(FILE_TYPES['video/mp4']!.matches(mp4)).toBe(true);
    expect(FILE_TYPES['video/mp4']!.matches(pdf)).toBe(false);
    expect(FILE_TYPES['application/pdf']!.matches(pdf)).toBe(true);
    expect(FILE_TYPES['application/pdf']!.matches(png)).toBe(false);
    expect(FILE_TYPES['image/png']!.matches(png)).toBe(true);
    expect(FILE_TYPES['text/plain']!.matches(Buffer.from('plain notes ✓'))).toBe(true);
    expect(FILE_TYPES['text/plain']!.matches(png)).toBe(false);
  });

  it.each([
    ['lesson.mp4', undefined],
    ['', 'Must be 1 to 255 characters'],
    ['a/b.mp4', 'Must not contain a path separator'],
    ['a\\b.mp4', 'Must not contain a path separator'],
    ['a\nb.mp4', 'Must not contain control characters'],
    ['.mp4', 'Must not start with a dot'],
    ['video', 'Must have an extension'],
  ])('file name %j → %s', (name, problem) => {
    expect(fileNameProblem(name)).toBe(problem);
  });
});

/** An independent reference for IPv4: the blocked ranges as integer intervals. */
const V4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24],
  ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const toInt = (ip: string) => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const referencePublicV4 = (ip: string) => !V4_BLOCKED.some(([base, prefix]) => Math.floor(toInt(ip) / 2 ** (32 - prefix)) === Math.floor(toInt(base) / 2 ** (32 - prefix)));

describe('address policy', () => {
  it.each([
    ['8.8.8.8', true], ['93.184.215.14', true], ['172.32.0.1', true], ['2606:4700:4700::1111', true],
    ['127.0.0.1', false], ['127.255.255.254', false], ['10.0.0.1', false], ['172.16.0.1', false], ['172.31.255.255', false], ['192.168.1.1', false],
    ['169.254.169.254', false], ['100.64.0.1', false], ['0.0.0.0', false], ['255.255.255.255', false], ['224.0.0.1', false],
    ['::1', false], ['::', false], ['fe80::1', false], ['fe80::1%eth0', false], ['fc00::1', false], ['fd00:ec2::254', false],
    ['::ffff:127.0.0.1', false], ['::ffff:8.8.8.8', false], ['64:ff9b::a00:1', false], ['2002:7f00:1::', false], ['2001:db8::1', false], ['ff02::1', false],
    ['not-an-ip', false], ['[::1]', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('agrees with an interval reference on every IPv4 address tried', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(isPublicAddress(ip)).toBe(referencePublicV4(ip));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('external sources', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://www.youtube.com/embed/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'dQw4w9WgXcQ'],
    ['http://www.youtube.com/watch?v=dQw4w9WgXcQ', undefined],
    ['https://evil.example/watch?v=dQw4w9WgXcQ', undefined],
    ['https://www.youtube.com/watch?v=short', undefined],
  ])('youtube id of %s', (url, id) => {
    expect(youtubeVideoId(url)).toBe(id);
  });

  it('reads an article\'s title, description and words (200 a minute)', () => {
    const words = Array.from({ length: 401 }, (_, i) => `word${i}`).join(' ');
    const html = `<html><head><title>Fallback</title><meta property="og:title" content="Tom &amp; Jerry"><meta name="description" content="About cats"><meta content="Docs" property="og:site_name"></head><body><script>var skipped = 1;</script><p>${words}</p></body></html>`;
    // 401 words → ⌈401 / 200⌉ = 3 minutes.
    expect(articleFacts(html)).toEqual({ title: 'Tom & Jerry', description: 'About cats', siteName: 'Docs', author: null, wordCount: 401, readingMinutes: 3 });
    expect(articleFacts('<title> Only  title </title>').title).toBe('Only title');
  });
});
