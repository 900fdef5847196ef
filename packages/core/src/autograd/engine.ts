/**
 * The backward engine: orders the nodes reachable from the roots (each after every node that
 * feeds it a gradient), runs each formula once with its summed incoming gradient, and
 * accumulates into leaves. Graph mode during backward is `createGraph`, so formulas built from
 * differentiable ops give double backward for free.
 */
import { Tensor } from '../tensor';
import { isGradEnabled, setGradEnabled } from './grad-mode';
import { hasLeafHooks, leafHooked, nodeHooked } from './hooks';
import { Node } from './node';

export interface BackwardOptions {
  /** Keep saved tensors so the graph can be walked again (defaults to createGraph). */
  retainGraph?: boolean;
  /** Record the backward computation itself, for higher-order gradients. */
  createGraph?: boolean;
}

/** Nodes reachable from `roots`, each listed after all nodes that send it gradient. */
function topoOrder(roots: readonly Node[]): Node[] {
  const order: Node[] = [];
  const visited = new Set<Node>();
  // Depth-first with the next edge to visit per stack entry, in two parallel arrays (no tuples).
  const stack: Node[] = [];
  const next: number[] = [];
  for (const r of roots) {
    if (visited.has(r)) continue;
    visited.add(r);
    stack.push(r);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top]!, i = next[top]!;
      if (i < node.edges.length) {
        next[top] = i + 1;
        const e = node.edges[i];
        if (e instanceof Node && !visited.has(e)) {
          visited.add(e);
          stack.push(e);
          next.push(0);
        }
      } else {
        stack.pop();
        next.pop();
        order.push(node);
      }
    }
  }
  return order.reverse();
}

/**
 * For autograd.grad: the nodes that must run to reach the targets (a node runs when one of its
 * edges leads to a target leaf or to a node that must run or is a target). `order` is topological,
 * so walking it backwards sees every edge's node first.
 */
function nodesToRun(order: readonly Node[], targets: ReadonlySet<Node | Tensor>): Set<Node> {
  const run = new Set<Node>();
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    for (const e of node.edges) {
      if (e !== null && (targets.has(e) || (e instanceof Node && run.has(e)))) {
        run.add(node);
        break;
      }
    }
  }
  return run;
}

function accumulate(target: Tensor, g: Tensor, createGraph: boolean): void {
  // The leaf's dtype wins (a float32 gradient flowing into a float64 leaf is cast), as PyTorch.
  const grad = g.dtype === target.dtype ? g : g.to(target.dtype);
  if (target.grad === null) {
    // A fresh contiguous copy (grad mode is off, so it is detached): the incoming gradient may be
    // shared with other inputs.
    target.grad = createGraph ? grad : grad.clone();
  } else if (createGraph) {
    target.grad = target.grad.add(grad);
  } else {
    target.grad.add_(grad);
  }
}

/**
 * Runs backward from `roots` seeded with `grads`. With `inputs`, returns their gradients instead
 * of accumulating into `.grad` (autograd.grad), running only the nodes that lead to them.
 */
export function runBackward(
  roots: readonly Tensor[],
  grads: readonly Tensor[],
  opts: BackwardOptions,
  inputs?: readonly Tensor[],
): (Tensor | null)[] {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const pending = new Map<Node, Tensor>();
  // Leaves with hooks: their summed gradient goes through the hooks once, after the graph ran.
  const hookedLeaves = new Map<Tensor, Tensor>();
  const captured = inputs ? new Map<Tensor | Node, Tensor | null>(inputs.map((t) => [t.gradFn ?? t, null])) : null;
  const capture = (key: Tensor | Node, g: Tensor): void => {
    const prev = captured!.get(key);
    captured!.set(key, prev ? prev.add(g) : g);
  };
  const give = (edge: Node | Tensor, g: Tensor): void => {
    if (edge instanceof Node) {
      const prev = pending.get(edge);
      pending.set(edge, prev === undefined ? g : prev.add(g));
    } else if (captured) {
      if (captured.has(edge)) capture(edge, g);
    } else if (hasLeafHooks(edge)) {
      const prev = hookedLeaves.get(edge);
      hookedLeaves.set(edge, prev === undefined ? g : prev.add(g));
    } else {
      accumulate(edge, g, createGraph);
    }
  };
  const retain = (t: Tensor, g: Tensor): void => accumulate(t, g, createGraph);
  const prevMode = isGradEnabled();
  setGradEnabled(createGraph);
  try {
    const rootNodes: Node[] = [];
    for (let i = 0; i < roots.length; i++) {
      const r = roots[i]!;
      give(r.gradFn ?? r, grads[i]!);
      if (r.gradFn) rootNodes.push(r.gradFn);
    }
    const order = topoOrder(rootNodes);
    const run = captured ? nodesToRun(order, new Set(captured.keys())) : null;
    for (const node of order) {
      let g = pending.get(node);
      if (g === undefined) continue;
      pending.delete(node);
      if (captured?.has(node)) captured.set(node, g);
      if (node.hooks !== null) g = nodeHooked(node, g, captured ? null : retain);
      else if (node.retained && !captured) accumulate(node.retained, g, createGraph);
      if (run && !run.has(node)) continue;
      const inGrads = node.apply(g);
      if (!retainGraph) node.release();
      for (let i = 0; i < node.edges.length; i++) {
        const e = node.edges[i];
        const ig = inGrads[i];
        if (e && ig) give(e, ig);
      }
    }
    for (const [leaf, g] of hookedLeaves) accumulate(leaf, leafHooked(leaf, g), createGraph);
  } finally {
    setGradEnabled(prevMode);
  }
  if (!inputs || !captured) return [];
  return inputs.map((t) => captured.get(t.gradFn ?? t) ?? null);
}
