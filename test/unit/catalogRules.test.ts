import fc from 'fast-check';
import { durationHours } from '../../shared/catalog/course.js';
import { structureCounts, insertAt } from '../../shared/catalog/courseStructure.js';
import type { LessonRecord, SectionRecord } from '../../shared/catalog/course.js';
import { findCycle } from '../../shared/catalog/prerequisiteGraph.js';
import { matchesSearch } from '../../shared/catalog/catalogQuery.js';
import { slugify } from '../../shared/catalog/slug.js';

describe('prerequisite cycles', () => {
  it('finds no cycle in a chain', () => {
    expect(findCycle({ a: [], b: ['a'], c: ['b', 'a'] })).toBeUndefined();
  });

  it('reports the cycle it finds, closed on its first node', () => {
    const cycle = findCycle({ a: ['c'], b: ['a'], c: ['b'] });
    expect(cycle?.[0]).toBe(cycle?.[cycle.length - 1]);
    expect(new Set(cycle)).toEqual(new Set(['a', 'b', 'c']));
  });

  it('finds a self-loop', () => {
    expect(findCycle({ a: ['a'] })).toEqual(['a', 'a']);
  });

  it('never reports a cycle for edges that only point to earlier nodes (a DAG by construction)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 40 }), (targets) => {
        const edges = Object.fromEntries(targets.map((t, i) => [`n${i}`, i === 0 ? [] : t.map((x) => `n${x % i}`)]));
        return findCycle(edges) === undefined;
      }),
    );
  });

  it('always finds a cycle once a back edge closes a chain', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), (length) => {
        const edges = Object.fromEntries(Array.from({ length }, (_, i) => [`n${i}`, i === 0 ? [`n${length - 1}`] : [`n${i - 1}`]]));
        return (findCycle(edges)?.length ?? 0) === length + 1;
      }),
    );
  });

  it('handles a chain of 20 000 nodes without overflowing the stack', () => {
    const edges = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`n${i}`, i === 0 ? [] : [`n${i - 1}`]]));
    expect(findCycle(edges)).toBeUndefined();
  });
});

describe('slugs', () => {
  it('folds accents, lowercases and joins words with single dashes', () => {
    expect(slugify('  Crème Brûlée: Advanced   Techniques! ')).toBe('creme-brulee-advanced-techniques');
  });

  it('gives an empty slug for titles without enough letters or digits', () => {
    expect(slugify('!!')).toBe('');
  });

  it('produces only valid slugs of at most 80 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (title) => {
        const slug = slugify(title);
        return slug === '' || (slug.length <= 80 && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug));
      }),
    );
  });
});

describe('catalog counts', () => {
  const section = (id: string, isPublished: boolean): SectionRecord => ({ sectionId: id, title: id, order: 1, isPublished, createdAt: '', updatedAt: '' });
  const lesson = (id: string, sectionId: string, minutes: number): LessonRecord => ({ lessonId: id, sectionId, title: id, type: 'video', order: 1, durationMinutes: minutes, prerequisites: [], skills: [], isPreview: false, createdAt: '', updatedAt: '' });

  it('counts only published sections and their lessons', () => {
    const counts = structureCounts([section('s1', true), section('s2', false)], [lesson('a', 's1', 10), lesson('b', 's2', 99), lesson('c', 's1', 5)]);
    expect(counts).toEqual({ sectionsCount: 1, lessonsCount: 2, durationMinutes: 15 });
  });

  it('shows durations in hours with one decimal', () => {
    expect(durationHours(750)).toBe(12.5);
    expect(durationHours(10)).toBe(0.2);
    expect(durationHours(0)).toBe(0);
  });

  it('inserts at a position and keeps the order contiguous', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }), (n, position) => {
        const items = Array.from({ length: n }, (_, i) => ({ id: i, order: i + 1 }));
        const result = insertAt(items, { id: -1, order: 0 }, position);
        const expectedIndex = position === undefined ? n : Math.min(position - 1, n);
        return result.every((item, i) => item.order === i + 1) && result[expectedIndex]?.id === -1;
      }),
    );
  });
});

describe('catalog search', () => {
  const course = { title: 'Introduction to Python', description: 'Automate the boring stuff with scripts' };
  it('needs every word, in the title or the description, ignoring case and accents', () => {
    expect(matchesSearch(course, 'PYTHON scripts')).toBe(true);
    expect(matchesSearch(course, 'pythön')).toBe(true);
    expect(matchesSearch(course, 'python java')).toBe(false);
  });
});
