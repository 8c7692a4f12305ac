import { UpdateCommand } from '../../shared/db/commands.js';
import { createCourse, publishCourse, type Actor } from '../../shared/catalog/authoringService.js';
import { createLesson, createSection } from '../../shared/catalog/contentService.js';
import { createCategory } from '../../shared/catalog/categoryRepository.js';
import { documentClient, tableName } from '../../shared/db/client.js';
import { courseKey } from '../../shared/db/keys.js';
import { createCourseBody } from '../../shared/schemas/catalog.js';
import { catalogApi as call } from '../support/catalog.js';
import { uniqueTenant } from '../support/tokens.js';

// The public list against a reference computed here over 160 published courses (plus drafts that must
// never appear): filters, search, every sort in both directions, and every page through `next` links.

const WORDS = ['python', 'react', 'data', 'design', 'yoga', 'finance', 'cloud', 'writing', 'music', 'chess'];
const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

/** A small deterministic generator, so a failure is reproducible. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Expected {
  id: string;
  title: string;
  description: string;
  category: string;
  difficulty: string;
  priceCents: number;
  rating: number | null;
  /** The exact average (ratingSum / reviews): the rating sort orders by it, not by the rounded figure shown (issue 16). */
  exactRating: number | null;
  createdAt: string;
}

const tenantId = uniqueTenant('list');
const author: Actor = { userId: 'author-1', roles: ['instructor'] };
const courses: Expected[] = [];

beforeAll(async () => {
  const random = generator(42);
  const categories = await Promise.all(['Programming', 'Wellness', 'Business'].map((name) => createCategory(tenantId, { name, slug: name.toLowerCase() }, 'admin', new Date())));
  const specs = Array.from({ length: 175 }, (_, i) => {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const reviews = random() < 0.3 ? 0 : 1 + Math.floor(random() * 9);
    return {
      i,
      title: `${pick(WORDS)} ${pick(WORDS)} ${String(i).padStart(3, '0')}`.replace(/^./, (c) => (random() < 0.5 ? c.toUpperCase() : c)),
      description: `Learn ${pick(WORDS)} and ${pick(WORDS)} with projects`,
      category: pick(categories),
      difficulty: pick(DIFFICULTIES),
      priceCents: Math.floor(random() * 6) * 1000 + (random() < 0.5 ? 99 : 0),
      reviews,
      ratingSum: reviews * (1 + Math.floor(random() * 4)) + (reviews > 0 ? Math.floor(random() * reviews) : 0),
      // 160 are published; 15 stay drafts.
      publish: i < 160,
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * (i % 2 === 0 ? 1 : 1.5)),
    };
  });
  const worker = async (spec: (typeof specs)[number]) => {
    const input = createCourseBody.parse({ title: spec.title, description: spec.description, category_id: spec.category.id, difficulty: spec.difficulty, price: spec.priceCents / 100 });
    const course = await createCourse(tenantId, author, input, spec.createdAt);
    const { section } = await createSection(tenantId, course.courseId, author, { title: 'S', is_published: true }, spec.createdAt);
    await createLesson(tenantId, course.courseId, section.sectionId, author, { title: 'L', type: 'video', duration_minutes: 10, prerequisites: [], skills: [], is_preview: false }, spec.createdAt);
    if (spec.publish) await publishCourse(tenantId, course.courseId, author, spec.createdAt);
    if (spec.reviews > 0) {
      // Reviews are added atomically by the review flow; here they are set directly.
      await documentClient().send(new UpdateCommand({ TableName: tableName(), Key: courseKey(tenantId, course.courseId), UpdateExpression: 'SET ratingSum = :s, reviewsCount = :n', ExpressionAttributeValues: { ':s': spec.ratingSum, ':n': spec.reviews } }));
    }
    if (spec.publish) {
      courses.push({
        id: course.courseId,
        title: spec.title,
        description: spec.description,
        category: spec.category.slug,
        difficulty: spec.difficulty,
        priceCents: spec.priceCents,
        rating: spec.reviews > 0 ? Math.round((spec.ratingSum / spec.reviews) * 10) / 10 : null,
        exactRating: spec.reviews > 0 ? spec.ratingSum / spec.reviews : null,
        createdAt: spec.createdAt.toISOString(),
      });
    }
  };
  for (let i = 0; i < specs.length; i += 10) await Promise.all(specs.slice(i, i + 10).map(worker));
}, 180_000);

type Query = { category?: string; search?: string; difficulty?: string; sort?: 'title' | 'created_at' | 'price' | 'rating'; order?: 'asc' | 'desc'; page_size?: number };

/** The documented rules, written independently of the implementation. */
function reference(query: Query): string[] {
  const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = courses.filter(
    (c) =>
      (!query.category || c.category === query.category) &&
      (!query.difficulty || c.difficulty === query.difficulty) &&
      words.every((w) => `${c.title} ${c.description}`.toLowerCase().includes(w)),
  );
  const sort = query.sort ?? 'created_at';
  const asc = (query.order ?? (query.sort ? 'asc' : 'desc')) === 'asc';
  const key = (c: Expected): string | number | null =>
    sort === 'title' ? c.title.toLowerCase() : sort === 'price' ? c.priceCents : sort === 'rating' ? c.exactRating : c.createdAt;
  return matches
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === null || kb === null) {
        if (ka !== kb) return ka === null ? 1 : -1;
      } else if (ka !== kb) return (ka < kb ? -1 : 1) * (asc ? 1 : -1);
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((c) => c.id);
}

const queries: Query[] = [
  {},
  { page_size: 100 },
  { sort: 'title' },
  { sort: 'title', order: 'desc', page_size: 37 },
  { sort: 'price', order: 'asc', page_size: 50 },
  { sort: 'price', order: 'desc' },
  { sort: 'rating', order: 'desc', page_size: 30 },
  { sort: 'rating', order: 'asc', page_size: 30 },
  { sort: 'created_at', order: 'asc', page_size: 7 },
  { category: 'wellness', sort: 'price' },
  { difficulty: 'advanced', page_size: 9 },
  { search: 'python', sort: 'title' },
  { search: 'Yoga projects', difficulty: 'beginner' },
  { search: 'nothing-matches-this' },
];

describe('catalog list against a reference over 160 published courses', () => {
  it('has the published courses and none of the drafts', async () => {
    expect(courses).toHaveLength(160);
    const all = await call({ method: 'GET', path: '/api/v1/courses/?page_size=100&page=2', headers: { 'x-community-id': tenantId, host: 'api.example.com' } });
    expect(all.body.count).toBe(160);
  });

  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('agrees for %s on every page, following next and previous links', async (_label, query) => {
    const expected = reference(query);
    const pageSize = query.page_size ?? 20;
    const totalPages = Math.max(1, Math.ceil(expected.length / pageSize));
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    let path: string | null = `/api/v1/courses/${params.size > 0 ? `?${params}` : ''}`;
    const seen: string[] = [];
    let page = 1;
    while (path) {
      const response = await call({ method: 'GET', path, headers: { 'x-community-id': tenantId, host: 'api.example.com' } });
      expect(response.status).toBe(200);
      expect(response.body.count).toBe(expected.length);
      const ids = response.body.results.map((r: { id: string }) => r.id);
      expect(ids).toEqual(expected.slice((page - 1) * pageSize, page * pageSize));
      if (page === totalPages && expected.length % pageSize !== 0) expect(ids).toHaveLength(expected.length % pageSize);
      // previous: DRF drops `page` for page 1 and keeps every other parameter.
      const previous = new URLSearchParams(params);
      previous.delete('page');
      if (page > 2) previous.set('page', String(page - 1));
      expect(response.body.previous).toBe(page === 1 ? null : `https://api.example.com/api/v1/courses/${previous.size > 0 ? `?${previous}` : ''}`);
      seen.push(...ids);
      const next: string | null = response.body.next;
      if (next) {
        expect(next.startsWith('https://api.example.com/api/v1/courses/?')).toBe(true);
        expect(new URL(next).searchParams.get('page')).toBe(String(page + 1));
      }
      path = next ? next.replace('https://api.example.com', '') : null;
      page += 1;
    }
    expect(page - 1).toBe(totalPages);
    expect(seen).toEqual(expected);
  });

  it('answers 404 for a page past the last one', async () => {
    const response = await call({ method: 'GET', path: '/api/v1/courses/?page=9', headers: { 'x-community-id': tenantId } });
    expect(response.status).toBe(404);
  });
});
