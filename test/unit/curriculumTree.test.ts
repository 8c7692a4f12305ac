import fc from 'fast-check';
import { buildCurriculum, CURRICULUM_LIMITS, treeShapeIssue, type CurriculumNode, type CurriculumNodeInput } from '../../shared/personalCourses/curriculumTree.js';

const leaf = (id: string, fields: Partial<CurriculumNodeInput> = {}): CurriculumNodeInput => ({
  id,
  title: `Node ${id}`,
  type: 'lesson',
  estimatedDuration: 10,
  prerequisites: [],
  learningObjectives: [],
  ...fields,
});

const issuesOf = (structure: CurriculumNodeInput[]) => {
  const built = buildCurriculum(structure);
  return built.ok ? [] : built.issues;
};

/** Flattens a built tree in document order. */
const flatten = (nodes: CurriculumNode[]): CurriculumNode[] => nodes.flatMap((node) => [node, ...flatten(node.children)]);

/**
 * A random tree described as parent links (node i's parent is an earlier node or none), kept within
 * the depth limit, plus the test's own bookkeeping: depth, path, post-order position.
 */
interface Shape {
  parents: (number | null)[];
  durations: number[];
  depth: number[];
  path: string[];
  postOrder: number[];
  ancestors: Set<number>[];
}

const shapeArbitrary = fc
  .array(fc.record({ pick: fc.nat(), duration: fc.integer({ min: 0, max: 600 }) }), { minLength: 1, maxLength: 60 })
  .map((specs): Shape => {
    const parents: (number | null)[] = [];
    const depth: number[] = [];
    const path: string[] = [];
    const childCount = new Map<number | null, number>();
    specs.forEach(({ pick }) => {
      const candidates: (number | null)[] = [null, ...depth.flatMap((d, j) => (d < CURRICULUM_LIMITS.maxDepth ? [j] : []))];
      const parent = candidates[pick % candidates.length] ?? null;
      const position = (childCount.get(parent) ?? 0) + 1;
      childCount.set(parent, position);
      parents.push(parent);
      depth.push(parent === null ? 1 : (depth[parent] as number) + 1);
      path.push(parent === null ? String(position) : `${path[parent]}.${position}`);
    });
    const childrenOf = (parent: number | null) => parents.flatMap((p, i) => (p === parent ? [i] : []));
    const postOrder: number[] = new Array(parents.length).fill(0);
    let counter = 0;
    const visit = (node: number) => {
      childrenOf(node).forEach(visit);
      postOrder[node] = counter++;
    };
    childrenOf(null).forEach(visit);
    const ancestors = parents.map((_, i) => {
      const set = new Set<number>();
      for (let p = parents[i] ?? null; p !== null; p = parents[p] ?? null) set.add(p);
      return set;
    });
    return { parents, durations: specs.map((s) => s.duration), depth, path, postOrder, ancestors };
  });

/** The nested input for a shape, with the given prerequisites per node. */
function treeOf(shape: Shape, prerequisites: number[][] = []): CurriculumNodeInput[] {
  const build = (parent: number | null): CurriculumNodeInput[] =>
    shape.parents.flatMap((p, i) =>
      p === parent
        ? [leaf(`n${i}`, { estimatedDuration: shape.durations[i] as number, prerequisites: (prerequisites[i] ?? []).map((j) => `n${j}`), children: build(i) })]
        : [],
    );
  return build(null);
}

describe('curriculum tree: positions and summary', () => {
  it('numbers paths 1-based among siblings and sets depth from the top level = 1', () => {
    const built = buildCurriculum([
      leaf('s1', { type: 'section', children: [leaf('a'), leaf('b', { children: [leaf('b1')] })] }),
      leaf('s2', { type: 'section' }),
    ]);
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(flatten(built.structure).map((n) => [n.id, n.depth, n.path])).toEqual([
      ['s1', 1, '1'],
      ['a', 2, '1.1'],
      ['b', 2, '1.2'],
      ['b1', 3, '1.2.1'],
      ['s2', 1, '2'],
    ]);
    expect(built.summary).toEqual({ nodeCount: 5, maxDepth: 3, totalEstimatedDuration: 50 });
  });

  it('computes depth, path and totals for any tree within the limits', () => {
    fc.assert(
      fc.property(shapeArbitrary, (shape) => {
        const built = buildCurriculum(treeOf(shape));
        expect(built.ok).toBe(true);
        if (!built.ok) return;
        const byId = new Map(flatten(built.structure).map((n) => [n.id, n]));
        shape.parents.forEach((_, i) => {
          const node = byId.get(`n${i}`) as CurriculumNode;
          expect([node.depth, node.path]).toEqual([shape.depth[i], shape.path[i]]);
        });
        expect(built.summary).toEqual({
          nodeCount: shape.parents.length,
          maxDepth: Math.max(...shape.depth),
          totalEstimatedDuration: shape.durations.reduce((a, b) => a + b, 0),
        });
      }),
    );
  });

  it('returns an empty structure for an empty tree', () => {
    expect(buildCurriculum([])).toEqual({ ok: true, structure: [], summary: { nodeCount: 0, maxDepth: 0, totalEstimatedDuration: 0 } });
  });
});

describe('curriculum tree: prerequisites', () => {
  it('accepts any prerequisites that point to nodes finished earlier (post-order), descendants included', () => {
    const arbitrary = shapeArbitrary.chain((shape) =>
      fc.tuple(
        fc.constant(shape),
        fc.tuple(...shape.parents.map((_, i) => fc.subarray(shape.parents.flatMap((__, j) => ((shape.postOrder[j] as number) < (shape.postOrder[i] as number) ? [j] : []))))),
      ),
    );
    fc.assert(
      fc.property(arbitrary, ([shape, prerequisites]) => {
        expect(issuesOf(treeOf(shape, prerequisites))).toEqual([]);
      }),
    );
  });

  it('refuses any edge that closes a dependency loop', () => {
    // Take a node x with a prerequisite y; then y requiring x is a cycle (or, if x contains y, an ancestor prerequisite).
    const arbitrary = shapeArbitrary
      .filter((shape) => shape.parents.length >= 2)
      .chain((shape) => {
        const pairs = shape.parents.flatMap((_, x) => shape.parents.flatMap((__, y) => ((shape.postOrder[y] as number) < (shape.postOrder[x] as number) ? [[x, y] as const] : [])));
        return fc.tuple(fc.constant(shape), fc.constantFrom(...pairs));
      });
    fc.assert(
      fc.property(arbitrary, ([shape, [x, y]]) => {
        const prerequisites: number[][] = shape.parents.map(() => []);
        prerequisites[x] = [y];
        prerequisites[y] = [x];
        const codes = issuesOf(treeOf(shape, prerequisites)).map((issue) => issue.code);
        expect(codes.length).toBeGreaterThan(0);
        for (const code of codes) expect(['cyclic_prerequisite', 'ancestor_prerequisite']).toContain(code);
      }),
    );
  });

  it('names the field of an unknown, self, duplicate or ancestor prerequisite', () => {
    const issues = issuesOf([
      leaf('s', {
        type: 'section',
        children: [leaf('a', { prerequisites: ['ghost', 'a', 'b', 'b', 's'] }), leaf('b')],
      }),
    ]);
    expect(issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([
      ['0.children.0.prerequisites.0', 'unknown_prerequisite'],
      ['0.children.0.prerequisites.1', 'self_prerequisite'],
      ['0.children.0.prerequisites.3', 'duplicate_prerequisite'],
      ['0.children.0.prerequisites.4', 'ancestor_prerequisite'],
    ]);
  });

  it('finds a cycle that runs through containment and names it', () => {
    // l1 (in s1) requires s2, l2 (in s2) requires s1: neither section can ever be completed.
    const issues = issuesOf([
      leaf('s1', { type: 'section', children: [leaf('l1', { prerequisites: ['s2'] })] }),
      leaf('s2', { type: 'section', children: [leaf('l2', { prerequisites: ['s1'] })] }),
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('cyclic_prerequisite');
    expect(issues[0]?.path).toEqual([0, 'children', 0, 'prerequisites', 0]);
    expect(issues[0]?.message).toBe('Prerequisites form a cycle: s1 contains l1, l1 requires s2, s2 contains l2, l2 requires s1');
  });

  it('allows a container to require its own descendant (redundant, not circular)', () => {
    expect(issuesOf([leaf('s', { type: 'section', prerequisites: ['a'], children: [leaf('a')] })])).toEqual([]);
  });
});

describe('curriculum tree: limits and ids', () => {
  it('names the second occurrence of a duplicate id, wherever it is', () => {
    const issues = issuesOf([leaf('x', { children: [leaf('y')] }), leaf('y')]);
    expect(issues.map((issue) => [issue.path.join('.'), issue.code])).toEqual([['1.id', 'duplicate_id']]);
  });

  it('accepts exactly the maximum depth and refuses one level more', () => {
    const chain = (levels: number): CurriculumNodeInput => {
      let node = leaf(`n${levels}`);
      for (let level = levels - 1; level >= 1; level--) node = leaf(`n${level}`, { children: [node] });
      return node;
    };
    expect(issuesOf([chain(CURRICULUM_LIMITS.maxDepth)])).toEqual([]);
    const issues = issuesOf([chain(CURRICULUM_LIMITS.maxDepth + 1)]);
    expect(issues.map((issue) => issue.code)).toEqual(['too_deep']);
    expect(issues[0]?.path).toEqual([0, ...Array.from({ length: CURRICULUM_LIMITS.maxDepth }, () => ['children', 0]).flat()]);
  });

  it('accepts the maximum node count and refuses one more', () => {
    const flat = (count: number) => Array.from({ length: count }, (_, i) => leaf(`n${i}`));
    expect(issuesOf(flat(CURRICULUM_LIMITS.maxNodes))).toEqual([]);
    expect(issuesOf(flat(CURRICULUM_LIMITS.maxNodes + 1)).map((issue) => issue.code)).toEqual(['too_many_nodes']);
  });

  it('guards untrusted JSON of any nesting without recursion', () => {
    let raw: unknown = [];
    for (let i = 0; i < 100_000; i++) raw = [{ id: `n${i}`, children: raw }];
    const issue = treeShapeIssue(raw);
    expect(issue?.code).toBe('too_deep');
    expect(issue?.path).toHaveLength(1 + 2 * CURRICULUM_LIMITS.maxDepth);
  });

  it('lets malformed nodes through the guard for the schema to report', () => {
    expect(treeShapeIssue([null, 3, 'x', { children: 'no' }])).toBeUndefined();
    expect(treeShapeIssue({ not: 'an array' })).toBeUndefined();
  });
});
