import { TransactionCanceledException } from '../db/dynamoErrors.js';
import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandOutput } from '../db/commands.js';
import type { Principal } from '../auth/principal.js';
import { canAuthor } from '../catalog/authoringService.js';
import type { CourseRecord, SectionRecord } from '../catalog/course.js';
import { batchGetItems, itemId } from '../db/batchGet.js';
import { documentClient, tableName } from '../db/client.js';
import { courseKey, enrollmentKey, mediaKey, mediaLibraryIndexKey, profileKey, sectionKey, tenantPrefix } from '../db/keys.js';
import { AuthorizationError, NotFoundError, ValidationError, type FieldIssue } from '../http/errors.js';
import type { Profile } from '../identity/profile.js';
import type { AssignMediaBody, CompleteUploadBody, InitiateUploadBody, ListVideosQuery } from '../schemas/media.js';
import { fileFacts } from './fileFacts.js';
import type { FileKind } from './fileTypes.js';
import { mediaBucketConfig, presignGet } from './mediaBucket.js';
import { checkDeclaredFile, completedSessionUpdate, openUploadSession, readUploadSession, assertNotExpired, verifyUploadedObject, type UploadInstructions } from './uploadSessions.js';

/**
 * The media library (seed 002 "Media Library", "Assign Media to Section") and protected playback.
 *
 * Requests per call (docs/data-model.md, rate limiter excluded):
 *   initiate  2: BatchGetItem (profile for the plan, the declared course) + PutItem (session)
 *   complete  2: GetItem (session) + TransactWriteItems (media Put + session Update); a repeat: 2 GetItems
 *   list      1: Query of the owner's library (gsi1), filtered and paged in memory
 *   assign    3: Query (section → course, gsi1) + BatchGetItem (course, section, media) + TransactWriteItems
 *   playback  1–2: GetItem (media) [+ BatchGetItem (course, caller's enrollment)]
 */
export interface MediaRecord {
  mediaId: string;
  tenantId: string;
  ownerId: string;
  uploadId: string;
  fileName: string;
  fileSize: number;
  contentType: string;
  kind: FileKind;
  objectKey: string;
  thumbnailKey: string | null;
  title: string;
  description: string | null;
  /** The course declared at initiate (seed 002 `metadata.course_id`). */
  courseId: string | null;
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  assignedTo?: { courseId: string; courseTitle: string; sectionId: string; sectionTitle: string; order: number; assignedAt: string };
  createdAt: string;
}

/** Lifetime of the uploader's own view URLs (cdn_url, thumbnail_url in complete and list). */
const OWNER_URL_TTL_SECONDS = 900;

const STRIP = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity']);
function mediaOf(item: Record<string, unknown>): MediaRecord {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k))) as unknown as MediaRecord;
}

function initiateFieldNames() {
  return { fileName: 'body.filename', fileSize: 'body.file_size', contentType: 'body.content_type' };
}

/** Seed 002 initiate: validates the declared file, checks the declared course, opens the session. */
export async function initiateMediaUpload(principal: Principal, body: InitiateUploadBody, now: Date) {
  const courseId = body.metadata?.course_id;
  const found = await batchGetItems([profileKey(principal.userId), ...(courseId ? [courseKey(principal.tenantId, courseId)] : [])]);
  const profile = found.get(itemId(profileKey(principal.userId))) as Profile | undefined;
  const kind = checkDeclaredFile('media', { fileName: body.filename, fileSize: body.file_size, contentType: body.content_type }, profile?.plan, initiateFieldNames());
  if (courseId) {
    const course = found.get(itemId(courseKey(principal.tenantId, courseId))) as CourseRecord | undefined;
    if (!course) throw new ValidationError([{ field: 'body.metadata.course_id', message: 'No such course in this community', code: 'unknown_course' }]);
    if (!canAuthor(course, principal)) throw new AuthorizationError('Only the course\'s instructors and org admins upload media for it');
  }
  const instructions = await openUploadSession(
    {
      purpose: 'media',
      tenantId: principal.tenantId,
      ownerId: principal.userId,
      kind,
      file: { fileName: body.filename, fileSize: body.file_size, contentType: body.content_type },
      ...(body.metadata?.title ? { title: body.metadata.title } : {}),
      ...(body.metadata?.description ? { description: body.metadata.description } : {}),
      ...(courseId ? { courseId } : {}),
    },
    now,
  );
  return instructionsView(instructions);
}

/** Seed 002's initiate answer, plus the part URLs of a multipart upload. */
export function instructionsView(i: UploadInstructions) {
  return {
    upload_id: i.uploadId,
    upload_url: i.uploadUrl,
    upload_method: 'PUT' as const,
    upload_type: i.method,
    headers: i.headers,
    chunk_size: i.chunkSize,
    total_chunks: i.totalChunks,
    parts: i.partUrls.map((url, index) => ({ part_number: index + 1, upload_url: url })),
    expires_at: i.expiresAt,
  };
}

async function readMedia(tenantId: string, mediaId: string, consistent = false): Promise<MediaRecord | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: mediaKey(tenantId, mediaId), ConsistentRead: consistent }));
  return out.Item ? mediaOf(out.Item) : undefined;
}

/**
 * Seed 002 complete. Idempotent: the media id was fixed at initiate, the media Put is conditioned on
 * its absence and the session moves pending → completed in the same transaction.
 *
 *   A: reads session (pending)          B: reads session (pending)
 *   A: verifies the object, probes it   B: verifies, probes (same object, same facts)
 *   A: commits media + completed        B: transaction cancelled (media exists, session completed)
 *                                       B: reads the media A stored and answers it
 * A later repeat reads the completed session and answers the stored media without touching S3.
 */
export async function completeMediaUpload(principal: Principal, body: CompleteUploadBody, now: Date) {
  const session = await readUploadSession(principal.tenantId, principal.userId, body.upload_id, 'media');
  if (session.status === 'completed') return mediaView(await storedMedia(principal.tenantId, session.recordId));
  assertNotExpired(session, now, 'body.upload_id');
  await verifyUploadedObject(session, body.parts?.map((p) => ({ partNumber: p.part_number, etag: p.etag })), { upload: 'body.upload_id', parts: 'body.parts' });
  const facts = await fileFacts(session, 'body.upload_id');
  const media: MediaRecord = {
    mediaId: session.recordId,
    tenantId: session.tenantId,
    ownerId: session.ownerId,
    uploadId: session.uploadId,
    fileName: session.fileName,
    fileSize: session.fileSize,
    contentType: session.contentType,
    kind: session.kind,
    objectKey: session.objectKey,
    thumbnailKey: facts.thumbnailKey,
    title: session.title ?? facts.documentTitle ?? session.fileName,
    description: session.description ?? null,
    courseId: session.courseId ?? null,
    durationSeconds: facts.durationSeconds,
    width: facts.width,
    height: facts.height,
    pageCount: facts.pageCount,
    createdAt: now.toISOString(),
  };
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...mediaKey(media.tenantId, media.mediaId), ...mediaLibraryIndexKey(media.tenantId, media.ownerId, media.createdAt, media.mediaId), entity: 'media', ...media },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          completedSessionUpdate(session, now),
        ],
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException) return mediaView(await storedMedia(principal.tenantId, session.recordId));
    throw err;
  }
  return mediaView(media);
}

async function storedMedia(tenantId: string, mediaId: string): Promise<MediaRecord> {
  const media = await readMedia(tenantId, mediaId, true);
  if (!media) throw new Error(`Completed upload without its media ${mediaId}`);
  return media;
}

async function ownerUrls(media: MediaRecord): Promise<{ cdnUrl: string; thumbnailUrl: string | null }> {
  const [view, thumb] = await Promise.all([presignGet(media.objectKey, OWNER_URL_TTL_SECONDS), media.thumbnailKey ? presignGet(media.thumbnailKey, OWNER_URL_TTL_SECONDS) : undefined]);
  return { cdnUrl: view.url, thumbnailUrl: thumb?.url ?? null };
}

async function mediaView(media: MediaRecord) {
  const urls = await ownerUrls(media);
  return {
    media_id: media.mediaId,
    filename: media.fileName,
    file_size: media.fileSize,
    content_type: media.contentType,
    cdn_url: urls.cdnUrl,
    thumbnail_url: urls.thumbnailUrl,
    metadata: { title: media.title, description: media.description, duration_seconds: media.durationSeconds, width: media.width, height: media.height, page_count: media.pageCount },
    created_at: media.createdAt,
  };
}

/** Every item of the owner's library (one Query per MB: one for a library of up to ~1,500 files). */
async function libraryOf(tenantId: string, ownerId: string): Promise<MediaRecord[]> {
  const items: MediaRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out: QueryCommandOutput = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${tenantPrefix(tenantId)}#U#${ownerId}#MEDIA` },
        ScanIndexForward: false,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of out.Items ?? []) items.push(mediaOf(item));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Whether a media record passes the list's filters (pure; the filters of seed 002 plus the media type). */
export function matchesFilters(media: Pick<MediaRecord, 'kind' | 'courseId' | 'assignedTo' | 'fileName' | 'title'>, query: Pick<ListVideosQuery, 'course_id' | 'assigned' | 'search' | 'media_type'>): boolean {
  if (query.media_type !== 'all' && media.kind !== query.media_type) return false;
  if (query.course_id && media.assignedTo?.courseId !== query.course_id && media.courseId !== query.course_id) return false;
  if (query.assigned === 'true' && !media.assignedTo) return false;
  if (query.assigned === 'false' && media.assignedTo) return false;
  if (query.search) {
    const needle = query.search.toLowerCase();
    if (!media.fileName.toLowerCase().includes(needle) && !media.title.toLowerCase().includes(needle)) return false;
  }
  return true;
}

/** Seed 002 "List User Videos": the caller's uploads, newest first, filtered, one page. */
export async function listMedia(principal: Principal, query: ListVideosQuery) {
  const all = (await libraryOf(principal.tenantId, principal.userId)).filter((m) => matchesFilters(m, query));
  const totalPages = Math.max(1, Math.ceil(all.length / query.page_size));
  const pageItems = all.slice((query.page - 1) * query.page_size, query.page * query.page_size);
  const results = await Promise.all(
    pageItems.map(async (m) => {
      const urls = await ownerUrls(m);
      return {
        id: m.mediaId,
        filename: m.fileName,
        title: m.title,
        content_type: m.contentType,
        file_size: m.fileSize,
        duration_seconds: m.durationSeconds,
        page_count: m.pageCount,
        thumbnail_url: urls.thumbnailUrl,
        cdn_url: urls.cdnUrl,
        is_assigned: Boolean(m.assignedTo),
        assigned_to: m.assignedTo ? { course_id: m.assignedTo.courseId, course_title: m.assignedTo.courseTitle, section_id: m.assignedTo.sectionId, section_title: m.assignedTo.sectionTitle, order: m.assignedTo.order } : null,
        upload_date: m.createdAt,
      };
    }),
  );
  return { count: all.length, page: query.page, page_size: query.page_size, total_pages: totalPages, results };
}

/** The course a section belongs to (gsi1 on section items); 404 when no section has this id in the tenant. */
async function courseOfSection(tenantId: string, sectionId: string): Promise<string> {
  const out = await documentClient().send(
    new QueryCommand({ TableName: tableName(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `${tenantPrefix(tenantId)}#SECTION#${sectionId}` }, Limit: 1 }),
  );
  const courseId = (out.Items?.[0]?.gsi1sk as string | undefined)?.replace(/^C#/, '');
  if (!courseId) throw new NotFoundError('Section not found');
  return courseId;
}

/**
 * Seed 002 "Assign Media to Section": the caller must be allowed to author the section's course (one
 * of its instructors, or an org admin) and own every media item (org admins may assign anyone's). Each
 * media's order is `order_mapping[id]`, or its position in `media_ids`. One transaction updates every
 * media (conditioned on it still existing with the same owner), so the assignment is all or nothing.
 * A media item belongs to one section at a time: assigning it again moves it.
 */
export async function assignMediaToSection(principal: Principal, sectionId: string, body: AssignMediaBody, now: Date) {
  const strays = Object.keys(body.order_mapping ?? {}).filter((id) => !body.media_ids.includes(id));
  if (strays.length > 0) throw new ValidationError(strays.map((id) => ({ field: `body.order_mapping.${id}`, message: 'Not one of media_ids', code: 'unknown_media_id' })));
  const tenantId = principal.tenantId;
  const courseId = await courseOfSection(tenantId, sectionId);
  const found = await batchGetItems([courseKey(tenantId, courseId), sectionKey(tenantId, courseId, sectionId), ...body.media_ids.map((id) => mediaKey(tenantId, id))], true);
  const course = found.get(itemId(courseKey(tenantId, courseId))) as CourseRecord | undefined;
  const section = found.get(itemId(sectionKey(tenantId, courseId, sectionId))) as SectionRecord | undefined;
  if (!course || !section) throw new NotFoundError('Section not found');
  if (!canAuthor(course, principal)) throw new AuthorizationError('Only the course\'s instructors and org admins assign media to its sections');
  const missing: FieldIssue[] = [];
  const media = body.media_ids.map((id, index) => {
    const item = found.get(itemId(mediaKey(tenantId, id)));
    if (!item) missing.push({ field: `body.media_ids.${index}`, message: 'No such media in this community', code: 'unknown_media' });
    return item ? mediaOf(item) : undefined;
  });
  if (missing.length > 0) throw new ValidationError(missing);
  const isAdmin = principal.roles.includes('org_admin');
  if (!isAdmin && media.some((m) => m!.ownerId !== principal.userId)) throw new AuthorizationError('You can only assign your own media');
  const assignedAt = now.toISOString();
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: media.map((m, index) => ({
          Update: {
            TableName: tableName(),
            Key: mediaKey(tenantId, m!.mediaId),
            UpdateExpression: 'SET assignedTo = :to',
            ConditionExpression: 'attribute_exists(pk) AND ownerId = :owner',
            ExpressionAttributeValues: {
              ':owner': m!.ownerId,
              ':to': { courseId, courseTitle: course.title, sectionId, sectionTitle: section.title, order: body.order_mapping?.[m!.mediaId] ?? index + 1, assignedAt },
            },
          },
        })),
      }),
    );
  } catch (err) {
    if (err instanceof TransactionCanceledException) throw new NotFoundError('A media item changed or was removed meanwhile; try again');
    throw err;
  }
  return { message: 'Media assigned successfully', assigned_count: media.length, section_id: sectionId };
}

/**
 * Protected playback: a presigned GET valid a few minutes (MEDIA_PLAYBACK_TTL_SECONDS), only for the
 * uploader, org admins, the instructors of the course the media is assigned to and learners with an
 * active enrollment in it. Anyone else gets 403, an unenrolled learner of a paid course included;
 * media of another tenant is not found (its key is under the other tenant).
 */
export async function playbackUrl(principal: Principal, mediaId: string) {
  const media = await readMedia(principal.tenantId, mediaId);
  if (!media) throw new NotFoundError('Media not found');
  if (!(media.ownerId === principal.userId || principal.roles.includes('org_admin'))) {
    const assigned = media.assignedTo;
    if (!assigned) throw new AuthorizationError('This media is not part of a course you can watch');
    const found = await batchGetItems([courseKey(principal.tenantId, assigned.courseId), enrollmentKey(principal.tenantId, principal.userId, assigned.courseId)]);
    const course = found.get(itemId(courseKey(principal.tenantId, assigned.courseId))) as CourseRecord | undefined;
    const enrollment = found.get(itemId(enrollmentKey(principal.tenantId, principal.userId, assigned.courseId)));
    const instructor = Boolean(course?.instructorIds.includes(principal.userId));
    const enrolled = enrollment?.status === 'active';
    if (!course || !(instructor || enrolled)) throw new AuthorizationError('Enroll in the course to watch its videos');
  }
  const ttl = mediaBucketConfig().playbackTtlSeconds;
  const [play, thumb] = await Promise.all([presignGet(media.objectKey, ttl), media.thumbnailKey ? presignGet(media.thumbnailKey, ttl) : undefined]);
  return { media_id: media.mediaId, playback_url: play.url, expires_at: play.expiresAt, content_type: media.contentType, duration_seconds: media.durationSeconds, thumbnail_url: thumb?.url ?? null };
}
