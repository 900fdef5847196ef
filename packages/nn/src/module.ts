/**
 * nn.Module: the base class of layers and models, with PyTorch's registration, traversal, modes,
 * state dicts and printing.
 *
 * Design (why it looks like this):
 * - Registration on assignment. A module's parameters, buffers and children are its own
 *   properties: `this.linear1 = new nn.Linear(2, 5)` or a class field `w = new nn.Parameter(...)`
 *   registers it, because every introspecting method first syncs a per-module list of names with
 *   the own enumerable properties (JS keeps their insertion order, so the order is PyTorch's).
 *   No Proxy: a Proxy makes every property read of a model ~50x slower, and TS class fields
 *   ([[Define]] semantics) bypass `set` traps anyway. Values are always read from the
 *   properties, so nothing can go stale. Caveat: a field declared without initializer takes its
 *   place at declaration, so list fields in the order you assign them.
 * - Callable. `model(x)` runs `model.forward(x)`: the constructor returns a function object whose
 *   prototype is the subclass prototype, and a merged interface gives it the call signature
 *   `(...args: In) => Out` from the class's type parameters. Being a function, a module has the
 *   read-only own properties `name` and `length`; declare a field to use those names.
 */
import { Tensor, noGrad, isFloating, type DType } from '@torchlet/core';
import { Parameter } from './parameter';
import { addIndent, torchDtype, torchSize, typeName } from './repr';

/** Parameter and buffer tensors by dotted name, as PyTorch's state_dict(). */
export type StateDict = Record<string, Tensor>;

/** Any module, whatever its forward signature (call it through a typed reference). */
export type AnyModule = Module<never, unknown>;

/** What loadStateDict reports when `strict` is false (PyTorch's _IncompatibleKeys). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

interface Slots {
  readonly params: string[];
  readonly buffers: string[];
  readonly modules: string[];
  readonly nonPersistent: Set<string>;
}

interface LoadState {
  missing: string[];
  unexpected: string[];
  errors: string[];
  copies: [Tensor, Tensor][];
}

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
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Containers without forward (ModuleList, ModuleDict) are plain objects, not functions. */
  static readonly callable: boolean = true;

  /** True in training mode (the default); `eval()` clears it. */
  declare training: boolean;
  declare private readonly slots: Slots;

  constructor() {
    let self: Module<In, Out>;
    if (new.target.callable) {
      // An anonymous arrow (no `prototype`), re-parented onto the subclass prototype.
      const fn = [(...args: In): Out => self.forward(...args)][0]!;
      Reflect.setPrototypeOf(fn, new.target.prototype);
      if (!(fn instanceof Module)) throw new Error('Module: prototype setup failed');
      self = fn;
    } else {
      self = this;
    }
    self.training = true;
    const slots: Slots = { params: [], buffers: [], modules: [], nonPersistent: new Set() };
    Object.defineProperty(self, 'slots', { value: slots, enumerable: false });
    return self;
  }

  /** The computation; called by `module(...)`. */
  abstract forward(...args: In): Out;

  // ---- registration -------------------------------------------------------------------------

  /** Adds a parameter (or a null slot) under `name`; `this[name]` reads it. */
  registerParameter(name: string, param: Parameter | null): void {
    const s = this.sync();
    this.checkName(name, 'parameter', s.params);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param !== null && param.gradFn !== null) {
      throw new Error(`Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
        `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`);
    }
    this.place(s, s.params, name, param);
  }

  /**
   * Adds a buffer: state that is not a parameter (running statistics). Persistent buffers go
   * into the state dict.
   * @example this.registerBuffer('running_mean', zeros(n));
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    const s = this.sync();
    this.checkName(name, 'buffer', s.buffers);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    this.place(s, s.buffers, name, tensor);
    if (opts.persistent ?? true) s.nonPersistent.delete(name);
    else s.nonPersistent.add(name);
  }

  /** Adds a child module under `name` (what assigning `this[name] = module` does). */
  addModule(name: string, module: AnyModule | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    const s = this.sync();
    if (name in this && !s.modules.includes(name) && !this.isEmptySlot(name)) throw new Error(`attribute '${name}' already exists`);
    if (name.includes('.')) throw new Error(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new Error('module name can\'t be empty string ""');
    this.place(s, s.modules, name, module);
  }

  /** Alias of addModule. */
  registerModule(name: string, module: AnyModule | null): void {
    this.addModule(name, module);
  }

  private checkName(name: string, kind: 'parameter' | 'buffer', own: readonly string[]): void {
    if (name.includes('.')) throw new Error(`${kind} name can't contain "."`);
    if (name === '') throw new Error(`${kind} name can't be empty string ""`);
    if (name in this && !own.includes(name) && !this.isEmptySlot(name)) throw new Error(`attribute '${name}' already exists`);
  }

  /** An own data property holding undefined (a declared class field) may be registered. */
  private isEmptySlot(name: string): boolean {
    return Object.hasOwn(this, name) && Reflect.get(this, name) === undefined;
  }

  private place(s: Slots, list: string[], name: string, value: unknown): void {
    if (!list.includes(name)) {
      dropName(s, name);
      list.push(name);
    }
    Reflect.set(this, name, value);
  }

  /** Brings the name lists up to date with the own properties (see the file comment). */
  private sync(): Slots {
    const s = this.slots;
    for (const list of [s.params, s.buffers, s.modules]) {
      for (let i = list.length - 1; i >= 0; i--) if (!Object.hasOwn(this, list[i]!)) list.splice(i, 1);
    }
    for (const key of Object.keys(this)) {
      const v: unknown = Reflect.get(this, key);
      if (v instanceof Parameter) {
        if (!s.params.includes(key)) { dropName(s, key); s.params.push(key); }
      } else if (v instanceof Module) {
        if (!s.modules.includes(key)) { dropName(s, key); s.modules.push(key); }
      } else if (v !== null && v !== undefined) {
        if (s.params.includes(key)) throw new TypeError(`cannot assign '${typeName(v)}' as parameter '${key}' (torch.nn.Parameter or None expected)`);
        if (s.modules.includes(key)) throw new TypeError(`cannot assign '${typeName(v)}' as child module '${key}' (torch.nn.Module or None expected)`);
        if (s.buffers.includes(key) && !(v instanceof Tensor)) throw new TypeError(`cannot assign '${typeName(v)}' as buffer '${key}' (torch.Tensor or None expected)`);
      }
    }
    return s;
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

  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters with dotted names (`linear1.weight`), shared ones once. */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers(prefix, recurse, (m) => m.sync().params).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers(prefix, recurse, (m) => m.sync().buffers);
  }

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
    if (target === '') return this;
    let mod: AnyModule = this;
    for (const item of target.split('.')) {
      if (!Object.hasOwn(mod, item)) throw new Error(`${mod.constructor.name} has no attribute \`${item}\``);
      const next = mod.child(item);
      if (next === null) throw new Error(`\`${item}\` is not an nn.Module`);
      mod = next;
    }
    return mod;
  }

  /** The parameter at a dotted path: `model.getParameter('linear1.weight')`. */
  getParameter(target: string): Parameter {
    const [mod, name] = this.splitTarget(target);
    if (!Object.hasOwn(mod, name)) throw new Error(`${mod.constructor.name} has no attribute \`${name}\``);
    const p: unknown = Reflect.get(mod, name);
    if (!(p instanceof Parameter)) throw new Error(`\`${name}\` is not an nn.Parameter`);
    return p;
  }

  /** The buffer at a dotted path: `model.getBuffer('bn.running_mean')`. */
  getBuffer(target: string): Tensor {
    const [mod, name] = this.splitTarget(target);
    if (!Object.hasOwn(mod, name)) throw new Error(`${mod.constructor.name} has no attribute \`${name}\``);
    const b = mod.sync().buffers.includes(name) ? mod.tensorSlot(name) : null;
    if (b === null) throw new Error(`\`${name}\` is not a buffer`);
    return b;
  }

  private splitTarget(target: string): [AnyModule, string] {
    const dot = target.lastIndexOf('.');
    return dot < 0 ? [this, target] : [this.getSubmodule(target.slice(0, dot)), target.slice(dot + 1)];
  }

  // ---- modes and bulk changes ---------------------------------------------------------------

  /** Sets training mode here and in every descendant (Dropout and BatchNorm read it). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    this.training = mode;
    for (const c of this.children()) c.train(mode);
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
   * Converts floating parameters and buffers to `dtype`. Converted parameters are new Parameter
   * objects (their gradients are converted too): build optimizers after calling `to`.
   */
  to(dtype: DType): this {
    if (!isFloating(dtype)) throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${torchDtype(dtype)}`);
    for (const m of this.modules()) {
      const s = m.sync();
      for (const name of s.params) {
        const p = m.tensorSlot(name);
        if (p === null || !isFloating(p.dtype) || p.dtype === dtype) continue;
        const np = new Parameter(noGrad(() => p.to(dtype)), p.requiresGrad);
        if (p.grad !== null) np.grad = p.grad.detach().to(dtype);
        Reflect.set(m, name, np);
      }
      for (const name of s.buffers) {
        const b = m.tensorSlot(name);
        if (b !== null && isFloating(b.dtype) && b.dtype !== dtype) Reflect.set(m, name, noGrad(() => b.to(dtype)));
      }
    }
    return this;
  }

  float(): this {
    return this.to('float32');
  }

  double(): this {
    return this.to('float64');
  }

  // ---- state dicts --------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by dotted name; the tensors share storage with the module
   * (detached unless `keepVars`).
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const keep = opts.keepVars ?? false;
    const visit = (m: AnyModule, prefix: string): void => {
      const s = m.sync();
      for (const name of s.params) {
        const p = m.tensorSlot(name);
        if (p !== null) out[prefix + name] = keep ? p : p.detach();
      }
      for (const name of s.buffers) {
        const b = m.tensorSlot(name);
        if (b !== null && !s.nonPersistent.has(name)) out[prefix + name] = keep ? b : b.detach();
      }
      for (const name of s.modules) {
        const c = m.child(name);
        if (c !== null) visit(c, `${prefix}${name}.`);
      }
    };
    visit(this, opts.prefix ?? '');
    return out;
  }

  /**
   * Copies parameters and buffers from `stateDict`. Every key and shape is checked first; on any
   * error nothing is changed and PyTorch's message is thrown. With `strict: false` missing and
   * unexpected keys are reported instead of raising.
   */
  loadStateDict(stateDict: StateDict | ReadonlyMap<string, Tensor>, opts: { strict?: boolean } = {}): IncompatibleKeys {
    const strict = opts.strict ?? true;
    const dict = stateDict instanceof Map ? new Map(stateDict) : new Map(Object.entries(stateDict));
    const st: LoadState = { missing: [], unexpected: [], errors: [], copies: [] };
    const visit = (m: AnyModule, local: Map<string, unknown>, prefix: string): void => {
      m.collectLoad(local, prefix, st);
      for (const name of m.sync().modules) {
        const c = m.child(name);
        if (c === null) continue;
        const cp = `${prefix}${name}.`;
        visit(c, new Map([...local].filter(([k]) => k.startsWith(cp))), cp);
      }
    };
    visit(this, dict, '');
    const errors = st.errors.slice();
    if (strict) {
      if (st.unexpected.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${st.unexpected.map((k) => `"${k}"`).join(', ')}. `);
      if (st.missing.length > 0) errors.unshift(`Missing key(s) in state_dict: ${st.missing.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`);
    noGrad(() => { for (const [dst, src] of st.copies) dst.copy_(src); });
    return { missingKeys: st.missing, unexpectedKeys: st.unexpected };
  }

  /**
   * Values used for keys missing from a loaded state dict (BatchNorm's num_batches_tracked,
   * which PyTorch fills in for checkpoints without it).
   */
  protected loadDefaults(): Record<string, Tensor> {
    return {};
  }

  private collectLoad(dict: Map<string, unknown>, prefix: string, st: LoadState): void {
    const s = this.sync();
    const local = new Map<string, Tensor>();
    for (const name of s.params) { const t = this.tensorSlot(name); if (t !== null) local.set(name, t); }
    for (const name of s.buffers) { const t = this.tensorSlot(name); if (t !== null && !s.nonPersistent.has(name)) local.set(name, t); }
    const defaults = this.loadDefaults();
    for (const [name, param] of local) {
      const key = prefix + name;
      let input = dict.get(key);
      if (input === undefined) input = defaults[name];
      if (input === undefined) { st.missing.push(key); continue; }
      if (!(input instanceof Tensor)) {
        st.errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(input)}`);
        continue;
      }
      if (param.shape.length === 0 && input.shape.length === 1 && input.shape[0] === 1) input = input.reshape([]);
      if (!sameShape(input.shape, param.shape)) {
        st.errors.push(`size mismatch for ${key}: copying a param with shape ${torchSize(input.shape)} from checkpoint, the shape in current model is ${torchSize(param.shape)}.`);
        continue;
      }
      st.copies.push([param, input]);
    }
    for (const key of dict.keys()) {
      if (!key.startsWith(prefix)) continue;
      const first = key.slice(prefix.length).split('.', 1)[0]!;
      if (!s.modules.includes(first) && !local.has(first)) st.unexpected.push(key);
    }
  }

  // ---- printing -----------------------------------------------------------------------------

  /** The text inside the parentheses of this module's repr (`in_features=2, ...`). */
  extraRepr(): string {
    return '';
  }

  /** Prints like PyTorch's print(model). */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this.sync().modules.map((name) => {
      const c = this.child(name);
      return `(${name}): ${c === null ? 'None' : addIndent(c.toString(), 2)}`;
    });
    const lines = [...extraLines, ...childLines];
    let main = `${this.constructor.name}(`;
    if (lines.length > 0) {
      main += extraLines.length === 1 && childLines.length === 0 ? extraLines[0]! : `\n  ${lines.join('\n  ')}\n`;
    }
    return `${main})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function dropName(s: Slots, name: string): void {
  for (const list of [s.params, s.buffers, s.modules]) {
    const i = list.indexOf(name);
    if (i >= 0) list.splice(i, 1);
  }
  s.nonPersistent.delete(name);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
