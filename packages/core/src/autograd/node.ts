/**
 * A node of the backward graph: one per differentiable op output. It holds edges to its inputs
 * (their gradFn, or the leaf tensor itself, which accumulates), the tensors its gradient formula
 * needs with their versions at save time, and the formula. Nodes keep nothing else alive.
 */
import { legacyTypeName } from '../dtype';
import type { Tensor } from '../tensor';

/** Where an input's gradient goes: the input's own node, a leaf that accumulates, or nowhere. */
export type Edge = Node | Tensor | null;

/** A gradient hook (Tensor.registerHook): may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | null | undefined | void;

/** A registered hook; `afterRetain`: retainGrad() came before the node's first hook, so .grad keeps the gradient before the hooks. */
export interface GradHookEntry {
  readonly fn: GradHook;
  readonly afterRetain: boolean;
}

export const FREED_ERROR =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have ' +
  'already been freed). Saved intermediate values of the graph are freed when you call .backward() or ' +
  'autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or ' +
  'if you need to access saved tensors after calling backward.';

/** PyTorch's error for a saved tensor modified in place; `producer` is the node named as its maker. */
export function versionError(t: Tensor, expected: number, producer: Node | null, outputNr = 0): Error {
  const by = producer === null ? '' : `, which is output ${outputNr} of ${producer.name === 'CopySlices' ? 'torch::autograd::CopySlices' : producer.name},`;
  return new Error(
    'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
      `[${legacyTypeName(t.dtype)} [${t.shape.join(', ')}]]${by} is at version ${t.storage.version}; ` +
      `expected version ${expected} instead. Hint: enable anomaly detection to find the operation that ` +
      'failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
  );
}

export type BackwardFn<C> = (grad: Tensor, saved: readonly Tensor[], ctx: C) => readonly (Tensor | null | undefined)[];

export class Node {
  /** Tensors saved for backward; null once freed after a backward without retainGraph. */
  saved: readonly Tensor[] | null;
  private readonly savedVersions: readonly number[];
  /** Which saved tensor is this node's own output (-1: none): the version error names this node for it. */
  private readonly savedOutput: number;
  /** A non-leaf output that asked for `retainGrad()`. */
  retained: Tensor | null = null;
  /** Hooks registered on this node's output (Tensor.registerHook), in registration order. */
  hooks: GradHookEntry[] | null = null;

  constructor(
    /** PyTorch's class name, e.g. 'MulBackward0', shown as grad_fn=<MulBackward0>. */
    readonly name: string,
    readonly edges: readonly Edge[],
    saved: readonly Tensor[],
    private readonly ctx: unknown,
    private readonly fn: BackwardFn<unknown>,
    /** The tensor this node makes, when known: saving it names this node in the version error. */
    output: Tensor | null = null,
  ) {
    this.saved = saved;
    this.savedVersions = saved.map((t) => t.storage.version);
    this.savedOutput = output === null ? -1 : saved.indexOf(output);
  }

  /** Runs the gradient formula; raises if a saved tensor was freed or modified in place. */
  apply(grad: Tensor): readonly (Tensor | null | undefined)[] {
    const saved = this.saved;
    if (saved === null) throw new Error(FREED_ERROR);
    for (let i = 0; i < saved.length; i++) {
      const t = saved[i]!;
      const expected = this.savedVersions[i]!;
      // PyTorch names the node that made a saved output, else the tensor's current node.
      if (t.storage.version !== expected) throw versionError(t, expected, i === this.savedOutput ? this : t.gradFn);
    }
    return this.fn(grad, saved, this.ctx);
  }

  /** Frees saved tensors (a node that saved none can run again, as in PyTorch). */
  release(): void {
    if (this.saved !== null && this.saved.length > 0) this.saved = null;
  }
}
