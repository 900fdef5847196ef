/**
 * nn.Module: PyTorch's registration, traversal, modes, state dicts and printing.
 * Why it is built this way (registration by syncing with own properties, no Proxy; callable
 * function objects): see packages/nn/README.md.
 */
import { Tensor, noGrad, type DType } from '@torchlet/core';
import { Parameter } from './parameter';
import { moduleRepr, typeName } from './repr';
import { convertModule, moveModule } from './module-convert';
import { device, isFloating, type DeviceSpec, type ToOptions } from '@torchlet/core';
import { checkOptions, parseToArgs, storageDevice } from '@torchlet/core/internal';
import { flattenState, planLoad, type StateNode } from './state-dict';
import { bufferAt, ownerOf, submoduleAt } from './module-paths';
import {
  ModuleHooks, type ForwardHook, type ForwardPreHook, type FullBackwardHook, type FullBackwardPreHook,
} from './module-hooks';
import type { autograd } from '@torchlet/core';
import {
  checkBufferValue, checkParameterValue, checkSlotName, isEmptySlot, newSlots, placeSlot, syncSlots, type Slots,
} from './module-slots';

/** Module.to's keyword arguments: Tensor.to's without `copy`. */
export type ModuleToOptions = Omit<ToOptions, 'copy'>;

/** Parameter and buffer tensors by dotted name, as PyTorch's state_dict(). */
export type StateDict = Record<string, Tensor>;

/** Any module, whatever its forward signature (call it through a typed reference). */
export type AnyModule = Module<never, unknown>;

/** What loadStateDict reports when `strict` is false (PyTorch's _IncompatibleKeys). */
export interface IncompatibleKeys {
  /** Keys the module expects that the state dict lacks. */
  missingKeys: string[];
  /** Keys in the state dict that the module does not have. */
  unexpectedKeys: string[];
}

// The class returns a callable from its constructor; this interface gives instances that call
// signature (see packages/nn/README.md).
export interface Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Runs `forward(...args)`: `model(x)` as in PyTorch. */
  (...args: In): Out;
}

/**
 * Base class of all layers and models. Subclass it, assign layers and parameters in the
 * constructor (or as class fields), and write `forward`.
 * @example
 * class ModelWithHiddenLayer extends nn.Module {
 *   linear1: nn.Linear;
 *   linear2: nn.Linear;
 *   constructor(inputSize: number, hiddenSize: number, outputSize: number) {
 *     super();
 *     this.linear1 = new nn.Linear(inputSize, hiddenSize);
 *     this.linear2 = new nn.Linear(hiddenSize, outputSize);
 *   }
 *   forward(x: Tensor): Tensor {
 *     return this.linear2(F.relu(this.linear1(x)));
 *   }
 * }
 * const model = new ModelWithHiddenLayer(2, 5, 3);
 * const out = model(x);
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Containers without forward (ModuleList, ModuleDict) are plain objects, not functions. */
  static readonly callable: boolean = true;

  /** True in training mode (the default); `eval()` clears it. */
  declare training: boolean;
  declare private readonly slots: Slots;
  declare private hooks: ModuleHooks | null;

  constructor() {
    if (!new.target.callable) {
      initModule(this);
      return;
    }
    // An anonymous arrow (no `prototype`), re-parented onto the subclass prototype.
    // One check on the call path: hooks stay null until one is registered.
    const fn = [(...args: In): Out => (self.hooks === null ? self.forward(...args) : self.callHooked(args))][0]!;
    Reflect.setPrototypeOf(fn, new.target.prototype);
    if (!isModule<In, Out>(fn)) throw new Error('Module: prototype setup failed');
    const self: Module<In, Out> = fn;
    initModule(self);
    return self;
  }

  /** The computation; called by `module(...)`. */
  abstract forward(...args: In): Out;

  // ---- hooks --------------------------------------------------------------------------------

  /** hook(module, args) runs before forward; returning an array (or one value) replaces the args. */
  registerForwardPreHook(hook: ForwardPreHook<this>): autograd.RemovableHandle {
    const h = this.hookSet();
    return h.add(h.forwardPre, hook, (args) => hook(this, args), 'registerForwardPreHook');
  }

  /** hook(module, args, output) runs after forward; returning a value replaces the output. */
  registerForwardHook(hook: ForwardHook<this>): autograd.RemovableHandle {
    const h = this.hookSet();
    return h.add(h.forward, hook, (args, out) => hook(this, args, out), 'registerForwardHook');
  }

  /**
   * hook(module, gradInput, gradOutput) runs when the gradients of the module's inputs are
   * computed; returning an array replaces gradInput.
   */
  registerFullBackwardHook(hook: FullBackwardHook<this>): autograd.RemovableHandle {
    const h = this.hookSet();
    return h.add(h.backward, hook, (gi, go) => hook(this, gi, go), 'registerFullBackwardHook');
  }

  /** hook(module, gradOutput) runs when the gradients of the outputs are computed; returning an array replaces gradOutput. */
  registerFullBackwardPreHook(hook: FullBackwardPreHook<this>): autograd.RemovableHandle {
    const h = this.hookSet();
    return h.add(h.backwardPre, hook, (go) => hook(this, go), 'registerFullBackwardPreHook');
  }

  private hookSet(): ModuleHooks {
    return this.hooks ?? (this.hooks = new ModuleHooks());
  }

  private callHooked(args: In): Out {
    const hooks = this.hooks;
    const forward = (...a: unknown[]): Out => this.forward(...(a as In));
    return (hooks === null ? forward(...args) : hooks.call(forward, args)) as Out;
  }

  // ---- registration -------------------------------------------------------------------------

  /** Adds a parameter (or a null slot) under `name`; `this[name]` reads it. */
  registerParameter(name: string, param: Parameter | null): void {
    const s = this.sync();
    checkSlotName(this, name, 'parameter', s.params);
    checkParameterValue(name, param);
    placeSlot(this, s, s.params, name, param);
  }

  /**
   * Adds a buffer: state that is not a parameter (running statistics). Persistent buffers go
   * into the state dict.
   * @example this.registerBuffer('running_mean', zeros(n));
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    const s = this.sync();
    checkSlotName(this, name, 'buffer', s.buffers);
    checkBufferValue(name, tensor);
    placeSlot(this, s, s.buffers, name, tensor);
    if (opts.persistent ?? true) s.nonPersistent.delete(name);
    else s.nonPersistent.add(name);
  }

  /** Adds a child module under `name` (what assigning `this[name] = module` does). */
  addModule(name: string, module: AnyModule | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    const s = this.sync();
    if (name in this && !s.modules.includes(name) && !isEmptySlot(this, name)) throw new Error(`attribute '${name}' already exists`);
    if (name.includes('.')) throw new Error(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new Error('module name can\'t be empty string ""');
    placeSlot(this, s, s.modules, name, module);
  }

  /** Alias of addModule. */
  registerModule(name: string, module: AnyModule | null): void {
    this.addModule(name, module);
  }

  /** Brings the name lists up to date with the own properties (see module-slots.ts). */
  private sync(): Slots {
    return syncSlots(this, this.slots, isModule);
  }

  /**
   * Child names as last registered, without re-reading the own properties: for hot paths
   * (Sequential.forward) where children are only ever added through addModule.
   */
  protected registeredChildNames(): readonly string[] {
    return this.slots.modules;
  }

  /**
   * Every registered child with its name, in order, a module registered under two names listed
   * under both: what a container holds (`len(nn.ModuleList([a, a]))` is 2), unlike namedChildren.
   */
  protected childEntries(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    for (const name of this.sync().modules) {
      const m = this.child(name);
      if (m !== null) out.push([name, m]);
    }
    return out;
  }

  /** Every own parameter with its name, in order, one registered twice listed twice (ParameterList). */
  protected parameterEntries(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const name of this.sync().params) {
      const p: unknown = Reflect.get(this, name);
      if (p instanceof Parameter) out.push([name, p]);
    }
    return out;
  }

  /** The registered child under `name`, or null. */
  private child(name: string): AnyModule | null {
    const v: unknown = Reflect.get(this, name);
    return v instanceof Module ? v : null;
  }

  private tensorSlot(name: string): Tensor | null {
    const v: unknown = Reflect.get(this, name);
    return v instanceof Tensor ? v : null;
  }

  // ---- traversal ----------------------------------------------------------------------------

  /** Direct children with their names (each module once). */
  namedChildren(): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    for (const name of this.sync().modules) {
      const m = this.child(name);
      if (m !== null && !seen.has(m)) { seen.add(m); out.push([name, m]); }
    }
    return out;
  }

  /** Direct child modules (each once), without names. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and all descendants, pre-order, with dotted names ('' for this one). */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const walk = (m: AnyModule, p: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([p, m]);
      for (const name of m.sync().modules) {
        const c = m.child(name);
        if (c !== null) walk(c, p ? `${p}.${name}` : name);
      }
    };
    walk(this, prefix);
    return out;
  }

  /** This module and all descendants, pre-order (each once), without names. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters with dotted names (`linear1.weight`), shared ones once. */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers(prefix, recurse, (m) => m.sync().params).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  /** All parameters (descendants' too unless `recurse` is false), shared ones once: for the optimizer. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** Buffers with dotted names (`bn.running_mean`), shared ones once; `recurse` false: this module's own. */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers(prefix, recurse, (m) => m.sync().buffers);
  }

  /** All buffers (running statistics...), shared ones once, without names. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  private namedMembers(prefix: string, recurse: boolean, names: (m: AnyModule) => readonly string[]): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const mods: [string, AnyModule][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    for (const [p, m] of mods) {
      for (const name of names(m)) {
        const t = m.tensorSlot(name);
        if (t === null || seen.has(t)) continue;
        seen.add(t);
        out.push([p ? `${p}.${name}` : name, t]);
      }
    }
    return out;
  }

  /** The descendant at a dotted path: `model.getSubmodule('encoder.0')`. */
  getSubmodule(target: string): AnyModule {
    return submoduleAt<AnyModule>(this, target);
  }

  /** The parameter at a dotted path: `model.getParameter('linear1.weight')`. */
  getParameter(target: string): Parameter {
    const [mod, name] = ownerOf<AnyModule>(this, target);
    const p: unknown = Reflect.get(mod, name);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }

  /** The buffer at a dotted path: `model.getBuffer('bn.running_mean')`. */
  getBuffer(target: string): Tensor {
    return bufferAt(this, target);
  }

  // ---- modes and bulk changes ---------------------------------------------------------------

  /** Sets training mode here and in every descendant (Dropout and BatchNorm read it). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    // Runs every step: straight over the names (setting a mode twice is harmless, so no dedup).
    for (const name of this.sync().modules) this.child(name)?.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Sets requiresGrad on every parameter (freezing with `false`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Clears gradients: to null by default, else zeroed in place. */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      const g = p.grad;
      if (g === null) continue;
      if (setToNone) { p.grad = null; continue; }
      if (g.gradFn !== null) g.detach_();
      else g.requiresGrad = false;
      g.zero_();
    }
  }

  /** Calls fn on every descendant, then on this module (children first), like PyTorch. */
  apply(fn: (module: AnyModule) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  /**
   * PyTorch's forms: `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(tensor)`, `to({device,
   * dtype})`; returns the module. Converts floating parameters and buffers to `dtype`: converted
   * parameters are new Parameter objects (their gradients are converted too), so build optimizers
   * after calling `to`.
   */
  to(dtype: DType): this;
  to(device: DeviceSpec, dtype?: DType, opts?: ModuleToOptions): this;
  to(device: DeviceSpec, opts?: ModuleToOptions): this;
  to(tensor: Tensor, opts?: ModuleToOptions): this;
  to(opts: ModuleToOptions): this;
  to(...args: unknown[]): this {
    const target = parseToArgs(args, false);
    // PyTorch checks the dtype before the device: a non-floating one raises here, changing nothing.
    if (target.dtype !== undefined && !isFloating(target.dtype)) convertModule(this, target.dtype);
    // Raises PyTorch's error for a device not built in, else moves what is elsewhere (webgpu).
    if (target.device !== undefined) moveModule(this, storageDevice(target.device));
    if (target.dtype !== undefined) convertModule(this, target.dtype);
    return this;
  }

  /** The module on the CPU: `to('cpu')` (moves parameters and buffers back from webgpu). */
  cpu(): this {
    return this.to('cpu');
  }

  /** Raises PyTorch's "Torch not compiled with CUDA enabled": there is no CUDA here. */
  cuda(index?: DeviceSpec): this {
    const d = device(index ?? 'cuda');
    if (d.type !== 'cuda') throw new Error('Invalid device, must be cuda device');
    return this.to(d);
  }

  /** Casts floating parameters and buffers to float32: `to('float32')`. */
  float(): this {
    return this.to('float32');
  }

  /** Casts floating parameters and buffers to float64: `to('float64')`. */
  double(): this {
    return this.to('float64');
  }

  /** Casts floating parameters and buffers to float16: `to('float16')`. */
  half(): this {
    return this.to('float16');
  }

  /** Casts floating parameters and buffers to bfloat16: `to('bfloat16')`. */
  bfloat16(): this {
    return this.to('bfloat16');
  }

  // ---- state dicts --------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name; the tensors share storage with the module
   * (detached unless `keepVars`). `keys: 'pytorch'` writes camelCase attribute names as the
   * Python original's snake_case (`linearReluStack` -> `linear_relu_stack`); loadStateDict
   * accepts either form.
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean; keys?: 'torchlet' | 'pytorch' } = {}): StateDict {
    checkOptions('state_dict', opts, ['prefix', 'keepVars', 'keys']);
    if (opts.keys !== undefined && opts.keys !== 'torchlet' && opts.keys !== 'pytorch') {
      throw new Error(`state_dict(): keys must be 'torchlet' or 'pytorch', got '${String(opts.keys)}'`);
    }
    return flattenState(this.stateNode(), opts.prefix ?? '', opts.keepVars ?? false, opts.keys === 'pytorch');
  }

  /**
   * Copies parameters and buffers from `stateDict`. Every key and shape is checked first; on any
   * error nothing is changed and PyTorch's message is thrown. With `strict: false` missing and
   * unexpected keys are reported instead of raising.
   */
  loadStateDict(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: { strict?: boolean } = {}): IncompatibleKeys {
    const dict: ReadonlyMap<string, unknown> = stateDict instanceof Map ? stateDict : new Map<string, unknown>(Object.entries(stateDict));
    const plan = planLoad(this.stateNode(), dict, this.constructor.name, opts.strict ?? true);
    noGrad(() => { for (const [dst, src] of plan.copies) dst.copy_(src); });
    return { missingKeys: plan.missingKeys, unexpectedKeys: plan.unexpectedKeys };
  }

  /**
   * Values used for keys missing from a loaded state dict (BatchNorm's num_batches_tracked,
   * which PyTorch fills in for checkpoints without it).
   */
  protected loadDefaults(): Record<string, Tensor> {
    return {};
  }

  /** This module's parameters, persistent buffers and children as a tree (state_dict order). */
  private stateNode(): StateNode {
    const s = this.sync();
    const locals = new Map<string, Tensor>();
    for (const name of s.params) { const t = this.tensorSlot(name); if (t !== null) locals.set(name, t); }
    for (const name of s.buffers) { const t = this.tensorSlot(name); if (t !== null && !s.nonPersistent.has(name)) locals.set(name, t); }
    const children: [string, StateNode][] = [];
    for (const name of s.modules) { const c = this.child(name); if (c !== null) children.push([name, c.stateNode()]); }
    return { locals, childNames: s.modules.slice(), children, defaults: this.loadDefaults() };
  }

  // ---- printing -----------------------------------------------------------------------------

  /** The text inside the parentheses of this module's repr (`in_features=2, ...`). */
  extraRepr(): string {
    return '';
  }

  /** Prints like PyTorch's print(model). */
  toString(): string {
    const children = this.sync().modules.map((name): [string, string] => [name, this.child(name)?.toString() ?? 'None']);
    return moduleRepr(this.constructor.name, this.extraRepr(), children);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The per-instance state every module starts with. */
function initModule(m: Module<never, unknown>): void {
  m.training = true;
  Object.defineProperty(m, 'slots', { value: newSlots(), enumerable: false });
  Object.defineProperty(m, 'hooks', { value: null, enumerable: false, writable: true });
}

function isModule<In extends unknown[], Out>(v: unknown): v is Module<In, Out> {
  return v instanceof Module;
}
