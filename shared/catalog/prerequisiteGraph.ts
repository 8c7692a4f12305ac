/**
 * Cycle detection for prerequisite graphs (lessons inside a course, courses inside a tenant). A cycle
 * would make content impossible to complete, so every write that changes an edge checks the whole
 * graph it belongs to before it is stored.
 */

/**
 * Returns one cycle as a list of node ids (first = last), or undefined when the graph is acyclic.
 * `edges` maps a node to the nodes it requires; edges to unknown nodes are ignored here (callers
 * validate references separately). Iterative DFS with colours, so deep chains cannot overflow the stack.
 */
export function findCycle(edges: Readonly<Record<string, readonly string[]>>): string[] | undefined {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Map<string, number>();
  const nodes = Object.keys(edges).sort();
  for (const start of nodes) {
    if ((colour.get(start) ?? WHITE) !== WHITE) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    colour.set(start, GREY);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as { node: string; next: number };
      const targets = (edges[frame.node] ?? []).filter((t) => Object.hasOwn(edges, t));
      if (frame.next >= targets.length) {
        colour.set(frame.node, BLACK);
        stack.pop();
        continue;
      }
      const target = targets[frame.next++] as string;
      const state = colour.get(target) ?? WHITE;
      if (state === GREY) {
        const from = stack.findIndex((f) => f.node === target);
        return [...stack.slice(from).map((f) => f.node), target];
      }
      if (state === WHITE) {
        colour.set(target, GREY);
        stack.push({ node: target, next: 0 });
      }
    }
  }
  return undefined;
}
