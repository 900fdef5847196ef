/**
 * torch.autograd.Function: a subclass with static `forward(ctx, ...args)` and
 * `backward(ctx, ...grads)`, called as `MyFn.apply(...args)`. forward runs with grad mode off;
 * its outputs get one node named `<ClassName>Backward` whose formula is the user's backward,
 * run in the engine's grad mode (createGraph), so a backward written in differentiable ops gives
 * double backward as in PyTorch.
 */
import { isFloating } from '../dtype';
import { fmtShape, shapeEquals } from '../shape';
import { Tensor } from '../tensor';
import { sumToShape } from '../ops/binary';
import { alloc } from '../ops/util';
import { isGradEnabled, setGradEnabled } from './grad-mode';
import { FREED_ERROR, Node, versionError, type Edge } from './node';

type Grad = Tensor | null | undefined;

/** The `ctx` of forward and backward. User code may keep its own values on it (`ctx.alpha = 2`). */
export class FunctionCtx {
  [key: string]: unknown;
  /** needsInputGrad[i]: whether forward's i-th argument is a tensor that requires grad (when grad mode is on). */
  readonly needsInputGrad: readonly boolean[];
  /** @internal */ toSave: readonly (Tensor | null | undefined)[] = [];
  /** @internal */ saved: readonly (Tensor | null)[] | null = null;
  /** @internal */ savedVersions: readonly number[] = [];
  /** @internal */ freed = false;
  /** @internal */ node: Node | null = null;
  /** @internal */ outputs: readonly unknown[] = [];
  /** @internal */ dirty: readonly Tensor[] = [];
  /** @internal */ nonDifferentiable: readonly Tensor[] = [];
  /** @internal */ materializeGrads = true;

  constructor(needsInputGrad: readonly boolean[]) {
    this.needsInputGrad = needsInputGrad;
  }

  /** Saves tensors (inputs, outputs or null) for backward; call once, in forward. */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    tensors.forEach((t, i) => {
      if (t !== null && t !== undefined && !(t instanceof Tensor)) {
        throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${typeof t}`);
      }
    });
    this.toSave = tensors;
  }

  /** The saved tensors; raises if one was modified in place since, or the graph was freed. */
  get savedTensors(): (Tensor | null)[] {
    if (this.freed) throw new Error(FREED_ERROR);
    const saved = this.saved ?? this.toSave.map((t) => t ?? null);
    saved.forEach((t, i) => {
      const expected = this.savedVersions[i];
      if (t === null || expected === undefined || t.storage.version === expected) return;
      const outputNr = this.outputs.indexOf(t);
      throw versionError(t, expected, outputNr >= 0 ? this.node : t.gradFn, Math.max(outputNr, 0));
    });
    return saved.slice();
  }

  /** Marks inputs that forward modified in place (they must be returned as outputs). */
  markDirty(...tensors: Tensor[]): void {
    this.dirty = tensors;
  }

  /** Marks outputs that get no gradient: they do not require grad and backward sees zeros for them. */
  markNonDifferentiable(...tensors: Tensor[]): void {
    this.nonDifferentiable = tensors;
  }

  /** With false, backward gets null (not zeros) for outputs that received no gradient. */
  setMaterializeGrads(value: boolean): void {
    this.materializeGrads = value;
  }
}

/** The node of a custom Function: frees the ctx's saved tensors when the engine frees the graph. */
class FunctionNode extends Node {
  constructor(name: string, edges: readonly Edge[], private readonly fctx: FunctionCtx, run: (g: Tensor) => readonly Grad[]) {
    super(name, edges, [], null, (g) => run(g));
  }
  override release(): void {
    if (this.fctx.saved !== null && this.fctx.saved.length > 0) this.fctx.freed = true;
  }
}

/**
 * Subclass with static `forward(ctx, ...args)` and `backward(ctx, ...grads)` (one gradient per
 * forward argument, null for non-tensors), then call `apply`.
 * @example
 * class Exp extends autograd.Function {
 *   static forward(ctx: autograd.FunctionCtx, x: Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
 *   static backward(ctx: autograd.FunctionCtx, g: Tensor) { const [y] = ctx.savedTensors; return g.mul(y!); }
 * }
 * const y = Exp.apply(x);
 */
export class Function {
  /**
   * Runs the subclass's forward with grad mode off and, when an argument requires grad, records one graph node whose
   * gradient is the subclass's backward. Call it on the subclass: `Exp.apply(x)`.
   */
  static apply<A extends unknown[], R>(
    this: { forward(ctx: FunctionCtx, ...args: A): R; backward(ctx: FunctionCtx, ...grads: never[]): unknown; name: string },
    ...args: A
  ): R {
    // Plain JavaScript subclasses may lack one (the base class declares neither, so no `override` is needed).
    if (typeof this.forward !== 'function') throw new Error('You must implement the forward function for custom autograd.Function.');
    if (typeof this.backward !== 'function') {
      throw new Error('You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.');
    }
    return applyFunction(this.name, this.forward.bind(this), this.backward.bind(this), args) as R;
  }
}

function applyFunction<A extends unknown[]>(
  className: string,
  forward: (ctx: FunctionCtx, ...args: A) => unknown,
  backward: (ctx: FunctionCtx, ...grads: never[]) => unknown,
  args: A,
): unknown {
  const gradMode = isGradEnabled();
  const needs = args.map((a) => gradMode && a instanceof Tensor && a.requiresGrad);
  const ctx = new FunctionCtx(needs);
  setGradEnabled(false);
  let result: unknown;
  try {
    result = forward(ctx, ...args);
  } finally {
    setGradEnabled(gradMode);
  }
  const isTuple = Array.isArray(result);
  const raw: unknown[] = isTuple ? (result as unknown[]).slice() : [result];
  if (!needs.includes(true)) return result;

  const name = `${className}Backward`;
  const edges: Edge[] = args.map((a, i) => (needs[i] && a instanceof Tensor ? (a.gradFn ?? a) : null));
  for (const d of ctx.dirty) {
    if (!raw.includes(d)) throw new Error('Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.');
    if (d.requiresGrad && d.gradFn === null) throw new Error('a leaf Variable that requires grad has been used in an in-place operation.');
  }
  // Output i: a Tensor that joins the graph, or null (not a tensor, or not differentiable).
  const outputs = raw.map((o): Tensor | null => {
    if (!(o instanceof Tensor)) return null;
    if (ctx.nonDifferentiable.includes(o) || !isFloating(o.dtype)) return null;
    return o;
  });
  // An input returned as is (not dirty) becomes a new tensor sharing its storage, so the input keeps its own history.
  outputs.forEach((o, i) => {
    if (o !== null && args.includes(o) && !ctx.dirty.includes(o)) {
      const alias = o.detach();
      outputs[i] = alias;
      raw[i] = alias;
    }
  });
  const shapes = raw.map((o) => (o instanceof Tensor ? o : null));
  const run = (grads: readonly Grad[]): readonly Grad[] => {
    const gs = grads.map((g, i) => {
      const o = shapes[i];
      if (g !== null && g !== undefined) return g;
      return ctx.materializeGrads && o ? alloc(o.shape.slice(), o.dtype, o.storage.device) : null;
    });
    const out = backward(ctx, ...(gs as never[]));
    return checkGrads(name, Array.isArray(out) ? (out as unknown[]) : [out], args);
  };

  const differentiable = outputs.filter((o): o is Tensor => o !== null);
  let node: Node;
  if (raw.length === 1 && outputs[0] !== null) {
    node = new FunctionNode(name, edges, ctx, (g) => run([g]));
  } else {
    // Several outputs: each gets a slot node that stores its gradient for the one FunctionNode
    // (reached through every slot, so it runs after all of them) and sends it a placeholder.
    const buffer: Grad[] = raw.map(() => null);
    node = new FunctionNode(name, edges, ctx, () => {
      const grads = buffer.slice();
      buffer.fill(null);
      return run(grads);
    });
    const fnNode = node;
    outputs.forEach((o, i) => {
      if (o === null) return;
      o.gradFn = new Node(name, [fnNode], [], null, (g) => {
        buffer[i] = buffer[i] ? buffer[i].add(g) : g;
        return [alloc([], g.dtype, g.storage.device)];
      });
      o.requiresGrad = true;
    });
  }
  ctx.node = node;
  ctx.outputs = raw;
  if (node instanceof FunctionNode && raw.length === 1) {
    const o = outputs[0]!;
    o.gradFn = node;
    o.requiresGrad = true;
  }
  for (const o of raw) if (o instanceof Tensor && !differentiable.includes(o)) o.requiresGrad = false;
  // Versions are taken after forward, so the dirty inputs' own in-place writes are not errors.
  ctx.saved = ctx.toSave.map((t) => t ?? null);
  ctx.savedVersions = ctx.saved.map((t) => (t === null ? 0 : t.storage.version));
  return isTuple ? raw : raw[0];
}

/** PyTorch's checks on what backward returned: one gradient per forward argument, each fitting its input. */
function checkGrads(name: string, grads: readonly unknown[], args: readonly unknown[]): Grad[] {
  if (grads.length < args.length || grads.slice(args.length).some((g) => g !== null && g !== undefined)) {
    throw new Error(`function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${grads.length})`);
  }
  return args.map((a, i) => {
    const g = grads[i];
    if (g === null || g === undefined) return null;
    if (!(a instanceof Tensor)) {
      throw new Error(`function ${name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`);
    }
    if (!(g instanceof Tensor)) throw new TypeError(`function ${name} returned a non-tensor gradient at position ${i + 1}`);
    if (!shapeEquals(g.shape, a.shape)) {
      // A gradient the input broadcasts to is summed back, as PyTorch's validate_outputs does.
      if (expandableTo(a.shape, g.shape)) return castTo(sumToShape(g, a.shape), a);
      throw new Error(`Function ${name} returned an invalid gradient at index ${i} - got ${fmtShape(g.shape)} but expected shape compatible with ${fmtShape(a.shape)}`);
    }
    return castTo(g, a);
  });
}

function castTo(g: Tensor, a: Tensor): Tensor {
  return g.dtype === a.dtype ? g : g.to(a.dtype);
}

/** Whether `shape` broadcasts to `target` (trailing dims equal or 1). */
function expandableTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((d, i) => d === 1 || d === target[i + lead]);
}
