/** How an op joins the graph: `record(out, name, inputs, saved, ctx, backward)` after its forward. */
import type { Tensor } from '../tensor';
import { isGradEnabled } from './grad-mode';
import { Node, type BackwardFn, type Edge } from './node';

/** True when grad mode is on and any input requires grad: only then is a node built. */
export function needsGrad(a: Tensor | number | null | undefined, b?: Tensor | number | null, c?: Tensor | number | null): boolean {
  if (!isGradEnabled()) return false;
  return (typeof a === 'object' && a !== null && a.requiresGrad)
    || (typeof b === 'object' && b !== null && b.requiresGrad)
    || (typeof c === 'object' && c !== null && c.requiresGrad);
}

export function anyNeedsGrad(ts: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of ts) if (t && t.requiresGrad) return true;
  return false;
}

/**
 * Attaches a backward node to `out`. `inputs[i]` receives `backward(...)[i]`; saved tensors are
 * version-checked when backward runs. Returns `out` for chaining.
 */
export function record<C>(
  out: Tensor,
  name: string,
  inputs: readonly (Tensor | number | null | undefined)[],
  saved: readonly Tensor[],
  ctx: C,
  backward: BackwardFn<C>,
): Tensor {
  const edges: Edge[] = new Array<Edge>(inputs.length);
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    edges[i] = typeof t === 'object' && t !== null && t.requiresGrad ? (t.gradFn ?? t) : null;
  }
  out.gradFn = new Node(name, edges, saved, ctx, backward as BackwardFn<unknown>, out);
  out.requiresGrad = true;
  return out;
}
