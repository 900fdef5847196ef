/**
 * Module hooks: forward pre-hooks, forward hooks, full backward hooks and backward pre-hooks, in
 * registration order, as PyTorch's Module._call_impl runs them. The full backward hooks follow
 * PyTorch's BackwardHook: an identity autograd Function around the module's tensor inputs (whose
 * backward sees grad_input) and one around its outputs (whose backward sees grad_output).
 */
import { autograd, Tensor, isGradEnabled } from '@torchlet/core';

/** One registration (an object, so the same function registered twice is removed once per handle). */
interface Entry<F> {
  readonly fn: F;
}

export type Grads = (Tensor | null)[];
type MaybeGrads = Grads | null | undefined | void;
export type ForwardPreHook<M> = (module: M, args: unknown[]) => unknown;
export type ForwardHook<M> = (module: M, args: unknown[], output: unknown) => unknown;
export type FullBackwardHook<M> = (module: M, gradInput: Grads, gradOutput: Grads) => MaybeGrads;
export type FullBackwardPreHook<M> = (module: M, gradOutput: Grads) => MaybeGrads;

/**
 * A module's hooks, bound to it (the module argument is filled in at registration); the module
 * holds null until the first one is registered, so its call path checks one field.
 */
export class ModuleHooks {
  readonly forwardPre: Entry<(args: unknown[]) => unknown>[] = [];
  readonly forward: Entry<(args: unknown[], output: unknown) => unknown>[] = [];
  readonly backward: Entry<(gradInput: Grads, gradOutput: Grads) => MaybeGrads>[] = [];
  readonly backwardPre: Entry<(gradOutput: Grads) => MaybeGrads>[] = [];

  /** Adds `bound` (the user's `hook` with the module filled in) to `list`; checks `hook` is a function first. */
  add<F>(list: Entry<F>[], hook: unknown, bound: F, what: string): autograd.RemovableHandle {
    if (typeof hook !== 'function') throw new TypeError(`${what}: expected a function, got ${typeof hook}`);
    const entry: Entry<F> = { fn: bound };
    list.push(entry);
    return new autograd.RemovableHandle(() => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    });
  }

  /** module(...args) with the hooks: pre-hooks, backward input wrap, forward, forward hooks, backward output wrap. */
  call(forward: (...args: unknown[]) => unknown, args: unknown[]): unknown {
    for (const { fn } of this.forwardPre.slice()) {
      const r = fn(args);
      if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
    }
    const full = (this.backward.length > 0 || this.backwardPre.length > 0) && isGradEnabled();
    const state: HookState = { hooks: this, gradOutput: null, nInputs: args.length, inputsNeedGrad: false };
    if (full) args = wrapInputs(state, args);
    let out = forward(...args);
    for (const { fn } of this.forward.slice()) {
      const r = fn(args, out);
      if (r !== undefined && r !== null) out = r;
    }
    return full ? wrapOutputs(state, out) : out;
  }
}

interface HookState {
  readonly hooks: ModuleHooks;
  /** Set by the output wrap's backward, read by the input wrap's. */
  gradOutput: Grads | null;
  readonly nInputs: number;
  inputsNeedGrad: boolean;
}

type HookCtx = autograd.FunctionCtx;
const callbacks = new WeakMap<HookCtx, (grads: Grads) => Grads>();

/** Identity on tensors (PyTorch's node name); its backward runs `onBackward` on the incoming gradients. */
class BackwardHookFunction extends autograd.Function {
  static forward(ctx: HookCtx, onBackward: (grads: Grads) => Grads, ...tensors: Tensor[]): Tensor[] {
    callbacks.set(ctx, onBackward);
    ctx.markNonDifferentiable(...tensors.filter((t) => !t.requiresGrad));
    ctx.setMaterializeGrads(false);
    return tensors;
  }

  static backward(ctx: HookCtx, ...grads: (Tensor | null)[]): (Tensor | null)[] {
    const onBackward = callbacks.get(ctx);
    if (onBackward === undefined) throw new Error('BackwardHookFunction: missing hook state');
    return [null, ...onBackward(grads)];
  }
}

/** Runs the identity Function over the tensors among `values` (positions kept), calling `onBackward` in backward. */
function wrapTensors(values: unknown[], onBackward: (grads: Grads) => Grads): { values: unknown[]; positions: number[] } {
  const positions: number[] = [];
  values.forEach((v, i) => { if (v instanceof Tensor) positions.push(i); });
  const tensors = positions.map((i) => values[i] as Tensor);
  if (!tensors.some((t) => t.requiresGrad)) return { values, positions: [] };
  const wrapped: Tensor[] = BackwardHookFunction.apply(onBackward, ...tensors);
  const next = values.slice();
  positions.forEach((p, k) => { next[p] = wrapped[k]; });
  return { values: next, positions };
}

function wrapInputs(state: HookState, args: unknown[]): unknown[] {
  const { values, positions } = wrapTensors(args, (grads) => {
    const gradInput: Grads = new Array<Tensor | null>(state.nInputs).fill(null);
    positions.forEach((p, k) => { gradInput[p] = grads[k] ?? null; });
    const result = runBackwardHooks(state, gradInput);
    return positions.map((p) => result[p] ?? null);
  });
  state.inputsNeedGrad = positions.length > 0;
  return values;
}

function wrapOutputs(state: HookState, out: unknown): unknown {
  const isArray = Array.isArray(out);
  const values: unknown[] = isArray ? (out as unknown[]) : [out];
  const { values: wrapped, positions } = wrapTensors(values, (grads) => {
    let gradOutput: Grads = new Array<Tensor | null>(values.length).fill(null);
    positions.forEach((p, k) => { gradOutput[p] = grads[k] ?? null; });
    for (const { fn } of state.hooks.backwardPre.slice()) {
      const r = fn(gradOutput);
      if (r === undefined || r === null) continue;
      if (r.length !== gradOutput.length) {
        throw new Error(`Backward pre hook returned an invalid number of grad_output, got ${r.length}, but expected ${gradOutput.length}`);
      }
      gradOutput = r;
    }
    state.gradOutput = gradOutput;
    // No input needs a gradient: the hooks run now, with grad_input all None, and may not replace it.
    if (!state.inputsNeedGrad && state.hooks.backward.length > 0) {
      const none: Grads = new Array<Tensor | null>(state.nInputs).fill(null);
      for (const { fn } of state.hooks.backward.slice()) {
        const r = fn(none, gradOutput);
        if (r !== undefined && r !== null && r.some((g) => g !== null)) {
          throw new Error('Backward hook for Modules where no input requires gradient should always return None or None for all gradients.');
        }
      }
    }
    return positions.map((p) => gradOutput[p] ?? null);
  });
  return isArray ? wrapped : wrapped[0];
}

function runBackwardHooks(state: HookState, gradInput: Grads): Grads {
  const gradOutput = state.gradOutput ?? [];
  for (const { fn } of state.hooks.backward.slice()) {
    const r = fn(gradInput, gradOutput);
    if (r === undefined || r === null) continue;
    if (r.length !== gradInput.length) {
      throw new Error(`Backward hook returned an invalid number of grad_input, got ${r.length}, but expected ${gradInput.length}`);
    }
    gradInput = r;
  }
  return gradInput;
}
