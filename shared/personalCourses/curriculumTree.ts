/**
 * The curriculum builder's tree rules (seed 004 `Curriculum` / `CurriculumNode`). A client sends the
 * tree; the server validates it and computes each node's `depth` and `path`, never taking them from
 * the client:
 *
 * - `depth`: top-level nodes have depth 1, their children 2, … at most CURRICULUM_LIMITS.maxDepth.
 * - `path`: 1-based positions among siblings joined by dots, so the 3rd child of the 2nd child of the
 *   1st top-level node has path "1.2.3" (and depth 3).
 * - node ids are unique in the tree; at most CURRICULUM_LIMITS.maxNodes nodes.
 * - `prerequisites` name other nodes of the same tree, each at most once, never the node itself.
 * - Completing a node means completing its children, so containment is a dependency too: a node may
 *   not require one of its ancestors, and the graph of "requires" plus "contains" edges must have no
 *   cycle (e.g. lesson A in section S1 requires section S2 while a lesson of S2 requires S1).
 * - `estimatedDuration` is the node's own work in minutes (a container without own work says 0);
 *   the curriculum's total is the sum over all nodes.
 */
export const NODE_TYPES = ['section', 'module', 'lesson', 'practice', 'quiz'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const CURRICULUM_LIMITS = {
  maxDepth: 6,
  maxNodes: 500,
  /** Minutes of own work per node (one week). */
  maxNodeMinutes: 10_080,
  prerequisitesPerNode: 50,
  objectivesPerNode: 20,
  /** Reported issues are capped so an error response stays small. */
  maxIssues: 50,
} as const;

export interface CurriculumNodeInput {
  id: string;
  title: string;
  type: NodeType;
  children?: CurriculumNodeInput[];
  estimatedDuration: number;
  prerequisites: string[];
  learningObjectives: string[];
}

export interface CurriculumNode {
  id: string;
  title: string;
  type: NodeType;
  estimatedDuration: number;
  prerequisites: string[];
  learningObjectives: string[];
  depth: number;
  path: string;
  children: CurriculumNode[];
}

export interface CurriculumSummary {
  nodeCount: number;
  maxDepth: number;
  /** Minutes: the sum of every node's estimatedDuration. */
  totalEstimatedDuration: number;
}

/** A problem in the tree, located by its field path relative to the structure array. */
export interface TreeIssue {
  path: (string | number)[];
  message: string;
  code: string;
}

export type CurriculumBuild = { ok: true; structure: CurriculumNode[]; summary: CurriculumSummary } | { ok: false; issues: TreeIssue[] };

/**
 * Cheap structural guard on untrusted JSON, run before the recursive schema parses it: walks the
 * `children` arrays iteratively and reports the first node deeper than the limit, or a tree with more
 * nodes than allowed. This keeps a deeply nested body from ever reaching recursive validation.
 */
export function treeShapeIssue(raw: unknown): TreeIssue | undefined {
  if (!Array.isArray(raw)) return undefined;
  const stack: { nodes: unknown[]; depth: number; path: (string | number)[] }[] = [{ nodes: raw, depth: 1, path: [] }];
  let count = 0;
  while (stack.length > 0) {
    const { nodes, depth, path } = stack.pop() as (typeof stack)[number];
    for (let index = 0; index < nodes.length; index++) {
      const nodePath = [...path, index];
      if (depth > CURRICULUM_LIMITS.maxDepth) return tooDeep(nodePath, depth);
      count += 1;
      if (count > CURRICULUM_LIMITS.maxNodes) return tooMany();
      const children = (nodes[index] as { children?: unknown } | null)?.children;
      if (Array.isArray(children) && children.length > 0) stack.push({ nodes: children, depth: depth + 1, path: [...nodePath, 'children'] });
    }
  }
  return undefined;
}

const tooDeep = (path: (string | number)[], depth: number): TreeIssue => ({
  path,
  message: `Node at depth ${depth}: a curriculum is at most ${CURRICULUM_LIMITS.maxDepth} levels deep`,
  code: 'too_deep',
});
const tooMany = (): TreeIssue => ({ path: [], message: `A curriculum has at most ${CURRICULUM_LIMITS.maxNodes} nodes`, code: 'too_many_nodes' });

interface Visited {
  node: CurriculumNodeInput;
  field: (string | number)[];
  depth: number;
  ancestors: string[];
}

interface Edge {
  from: string;
  to: string;
  kind: 'requires' | 'contains';
  /** For `requires`: the index in `from`'s prerequisites. */
  index: number;
}

/**
 * Validates a client's tree against the rules above and returns it with computed depth and path
 * plus its summary, or every issue found (up to CURRICULUM_LIMITS.maxIssues), each naming its field.
 */
export function buildCurriculum(structure: readonly CurriculumNodeInput[]): CurriculumBuild {
  const issues: TreeIssue[] = [];
  const shape = treeShapeIssue(structure);
  if (shape) return { ok: false, issues: [shape] };

  // Pre-order walk (iterative), in document order.
  const visited: Visited[] = [];
  const pending: Visited[] = structure.map((node, index) => ({ node, field: [index], depth: 1, ancestors: [] })).reverse();
  while (pending.length > 0) {
    const current = pending.pop() as Visited;
    visited.push(current);
    const children = current.node.children ?? [];
    for (let index = children.length - 1; index >= 0; index--) {
      pending.push({
        node: children[index] as CurriculumNodeInput,
        field: [...current.field, 'children', index],
        depth: current.depth + 1,
        ancestors: [...current.ancestors, current.node.id],
      });
    }
  }

  const byId = new Map<string, Visited>();
  for (const entry of visited) {
    if (byId.has(entry.node.id)) {
      issues.push({ path: [...entry.field, 'id'], message: `Duplicate node id "${entry.node.id}"`, code: 'duplicate_id' });
    } else {
      byId.set(entry.node.id, entry);
    }
  }

  const edges = new Map<string, Edge[]>();
  for (const entry of visited) {
    const { id } = entry.node;
    const own: Edge[] = (entry.node.children ?? []).map((child) => ({ from: id, to: child.id, kind: 'contains', index: -1 }));
    const seen = new Set<string>();
    entry.node.prerequisites.forEach((prerequisite, index) => {
      const field = [...entry.field, 'prerequisites', index];
      if (prerequisite === id) {
        issues.push({ path: field, message: 'A node cannot be its own prerequisite', code: 'self_prerequisite' });
      } else if (!byId.has(prerequisite)) {
        issues.push({ path: field, message: `Unknown node id "${prerequisite}": prerequisites must name nodes of this curriculum`, code: 'unknown_prerequisite' });
      } else if (seen.has(prerequisite)) {
        issues.push({ path: field, message: `"${prerequisite}" is listed twice`, code: 'duplicate_prerequisite' });
      } else if (entry.ancestors.includes(prerequisite)) {
        issues.push({ path: field, message: `"${prerequisite}" contains this node, so it cannot be completed before it`, code: 'ancestor_prerequisite' });
      } else {
        own.push({ from: id, to: prerequisite, kind: 'requires', index });
      }
      seen.add(prerequisite);
    });
    if (!edges.has(id)) edges.set(id, own);
  }

  if (issues.length === 0) {
    const cycle = findCycle([...byId.keys()], edges);
    if (cycle) {
      // A cycle always has a `requires` edge (containment alone is a tree); name that field.
      const blame = cycle.find((edge) => edge.kind === 'requires') as Edge;
      const owner = byId.get(blame.from) as Visited;
      const story = cycle.map((edge) => `${edge.from} ${edge.kind} ${edge.to}`).join(', ');
      issues.push({ path: [...owner.field, 'prerequisites', blame.index], message: `Prerequisites form a cycle: ${story}`, code: 'cyclic_prerequisite' });
    }
  }
  if (issues.length > 0) return { ok: false, issues: issues.slice(0, CURRICULUM_LIMITS.maxIssues) };

  const summary: CurriculumSummary = {
    nodeCount: visited.length,
    maxDepth: visited.reduce((max, entry) => Math.max(max, entry.depth), 0),
    totalEstimatedDuration: visited.reduce((sum, entry) => sum + entry.node.estimatedDuration, 0),
  };
  return { ok: true, structure: withPositions(structure, 1, ''), summary };
}

/** Copies the tree with depth and path; recursion is bounded by the depth check above. */
function withPositions(nodes: readonly CurriculumNodeInput[], depth: number, parentPath: string): CurriculumNode[] {
  return nodes.map((node, index) => {
    const path = parentPath ? `${parentPath}.${index + 1}` : String(index + 1);
    return {
      id: node.id,
      title: node.title,
      type: node.type,
      estimatedDuration: node.estimatedDuration,
      prerequisites: [...node.prerequisites],
      learningObjectives: [...node.learningObjectives],
      depth,
      path,
      children: withPositions(node.children ?? [], depth + 1, path),
    };
  });
}

/** The edges of one cycle (iterative depth-first search with on-path marks), or undefined. */
function findCycle(ids: readonly string[], edges: ReadonlyMap<string, Edge[]>): Edge[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of ids) {
    if (state.has(start)) continue;
    const stack: { id: string; next: number; via?: Edge }[] = [{ id: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      const out = edges.get(top.id) ?? [];
      if (top.next >= out.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const edge = out[top.next++] as Edge;
      const seen = state.get(edge.to);
      if (seen === 'open') {
        const from = stack.findIndex((frame) => frame.id === edge.to);
        return [...stack.slice(from + 1).map((frame) => frame.via as Edge), edge];
      }
      if (seen === undefined) {
        state.set(edge.to, 'open');
        stack.push({ id: edge.to, next: 0, via: edge });
      }
    }
  }
  return undefined;
}
