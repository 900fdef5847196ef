/**
 * torch.nn.utils.parametrize: a module's parameter or buffer computed, on every read, from
 * unconstrained originals held in `module.parametrizations[name]`.
 *
 * As PyTorch swaps the module's class for a subclass `Parametrized<Class>` carrying a property,
 * the first registration inserts a prototype named so between the module and its class; the
 * getter and setter of each parametrized name live on it. The module's own property under the
 * name is deleted, so Module's registries (own properties) no longer list it.
 */
import { Tensor, noGrad, type DType } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';
import { Module, type AnyModule } from './module';
import { ModuleDict } from './containers';
import { Parameter } from './parameter';
import { torchDtype, torchSize, typeName } from './repr';

/**
 * A parametrization: a module whose forward maps the original tensor(s) to the parametrized
 * one, with an optional `rightInverse` from a value of the tensor back to the original(s).
 */
export interface Parametrization extends AnyModule {
  forward(...originals: Tensor[]): Tensor;
  /**
   * Maps a value of the parametrized tensor back to the original(s); used at registration and on
   * assignment.
   */
  rightInverse?(value: Tensor): Tensor | Tensor[];
}

/** What a parametrized module carries: `module.parametrizations.get('weight').original`. */
export interface Parametrized {
  /** The parametrization chains, by tensor name. */
  parametrizations: ModuleDict<ParametrizationList>;
}

function isParametrization(v: unknown): v is Parametrization {
  return v instanceof Module && typeof Reflect.get(v, 'forward') === 'function';
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function rightInverseOf(m: Parametrization): ((value: Tensor) => Tensor | Tensor[]) | null {
  const f: unknown = Reflect.get(m, 'rightInverse');
  return typeof f === 'function' ? (value: Tensor): Tensor | Tensor[] => m.rightInverse!(value) : null;
}

/**
 * PyTorch's `original.set_(value)` (no grad): the values are copied into `original`, so an
 * optimizer holding it keeps working; only a changed shape (unsafe parametrizations) needs a new
 * tensor, which loses that identity.
 */
function setOriginal(original: Tensor, value: Tensor): Tensor {
  if (value === original) return original;
  if (sameShape(value.shape, original.shape)) {
    // a right inverse may return a view of the original itself: copy from a clone then
    noGrad(() => original.copy_(value.storage === original.storage ? value.clone() : value));
    return original;
  }
  return original instanceof Parameter ? new Parameter(value.detach(), original.requiresGrad) : value.detach();
}

function dtypeError(what: string, original: DType, got: DType): Error {
  return new Error(`${what}\noriginal.dtype: ${torchDtype(original)}\nright_inverse(original).dtype: ${torchDtype(got)}`);
}

/**
 * The chain of parametrizations on one tensor and its originals (`original`, or `original0`,
 * `original1`, ... when the first rightInverse returns several tensors). Calling it computes the
 * parametrized tensor. Built by registerParametrization, not by users.
 */
export class ParametrizationList extends Module<[], Tensor> {
  /** The unconstrained original (when there is one; else `original0`, `original1`, ...). */
  declare original: Tensor;
  /** Whether the parametrizations may change the tensor's shape and dtype. */
  unsafe: boolean;
  /** One original (`original`) or several (`original0`, ...). */
  readonly isTensor: boolean;
  /** Number of originals. */
  readonly ntensors: number;

  /**
   * `originals` are the right inverse of the tensor, already checked; `original` is the tensor
   * itself (kept when the one original has its shape, see setOriginal).
   */
  constructor(modules: Parametrization[], original: Tensor, originals: Tensor | Tensor[], unsafe: boolean) {
    super();
    modules.forEach((m, i) => this.addModule(String(i), m));
    this.unsafe = unsafe;
    this.isTensor = originals instanceof Tensor;
    this.ntensors = originals instanceof Tensor ? 1 : originals.length;
    if (originals instanceof Tensor) {
      registerTensor(this, 'original', setOriginal(original, originals));
    } else {
      originals.forEach((t, i) => {
        const o = original instanceof Parameter ? new Parameter(t.detach(), original.requiresGrad) : t.detach().requiresGrad_(original.requiresGrad);
        registerTensor(this, `original${i}`, o);
      });
    }
  }

  /** The parametrizations in order. */
  chain(): Parametrization[] {
    const out: Parametrization[] = [];
    for (let m: unknown = Reflect.get(this, '0'); isParametrization(m); m = Reflect.get(this, String(out.length))) out.push(m);
    return out;
  }

  /** The parametrization at idx (negative counts from the end); throws when out of range. */
  at(idx: number): Parametrization {
    const m = this.chain().at(idx);
    if (m === undefined) throw new RangeError(`index ${idx} is out of range`);
    return m;
  }

  /** Adds a parametrization at the end of the chain. */
  append(m: Parametrization): this {
    this.addModule(String(this.chain().length), m);
    return this;
  }

  /** The original tensors, in order. */
  originals(): Tensor[] {
    if (this.isTensor) return [this.original];
    return Array.from({ length: this.ntensors }, (_, i) => originalAt(this, i));
  }

  /** The parametrized tensor: the chain applied to the original(s). */
  forward(): Tensor {
    return applyChain(this.chain(), this.originals());
  }

  /**
   * Sets the original(s) so the chain gives `value` (what assigning `module.weight = value`
   * does): every parametrization's rightInverse, last to first.
   */
  rightInverse(value: Tensor): void {
    const originals = noGrad(() => {
      let v: Tensor | Tensor[] = value;
      for (const m of this.chain().reverse()) {
        const inv = rightInverseOf(m);
        if (inv === null) throw new Error(`parametrization ${typeName(m)} does not implement right_inverse.`);
        if (!(v instanceof Tensor)) throw new TypeError(`'right_inverse' must return a Tensor. Got ${typeName(v)}.`);
        v = inv(v);
      }
      return v;
    });
    if (this.isTensor) {
      if (!(originals instanceof Tensor)) throw new TypeError(`\`right_inverse\` should return a tensor. Got ${typeName(originals)}`);
      if (originals.dtype !== this.original.dtype) {
        throw new TypeError(`The tensor returned by \`right_inverse\` has dtype ${torchDtype(originals.dtype)} while \`original\` has dtype ${torchDtype(this.original.dtype)}`);
      }
      registerTensor(this, 'original', setOriginal(this.original, originals));
      return;
    }
    if (originals instanceof Tensor) throw new TypeError(`'right_inverse' must return a sequence of tensors. Got ${typeName(originals)}.`);
    if (originals.length !== this.ntensors) {
      throw new Error(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of lenght ${originals.length}.`);
    }
    originals.forEach((t, i) => {
      const o = originalAt(this, i);
      if (o.dtype !== t.dtype) throw new TypeError(`Tensor ${i} returned by \`right_inverse\` has dtype ${torchDtype(t.dtype)} while \`original${i}\` has dtype ${torchDtype(o.dtype)}`);
    });
    originals.forEach((t, i) => registerTensor(this, `original${i}`, setOriginal(originalAt(this, i), t)));
  }
}

function originalAt(list: ParametrizationList, i: number): Tensor {
  const t: unknown = Reflect.get(list, `original${i}`);
  if (!(t instanceof Tensor)) throw new Error(`ParametrizationList has no original${i}`);
  return t;
}

function applyChain(chain: readonly Parametrization[], originals: Tensor[]): Tensor {
  const [first, ...rest] = chain;
  if (first === undefined) throw new Error('ParametrizationList requires one or more modules.');
  let x = first.forward(...originals);
  for (const m of rest) x = m.forward(x);
  return x;
}

/** A Parameter is registered as a parameter, any other tensor as a buffer (as PyTorch). */
function registerTensor(m: AnyModule, name: string, t: Tensor): void {
  if (t instanceof Parameter) m.registerParameter(name, t);
  else m.registerBuffer(name, t);
}

// ---- the cache ------------------------------------------------------------------------------

let cacheDepth = 0;
const cache = new Map<AnyModule, Map<string, Tensor>>();

/**
 * Runs fn with parametrized tensors computed once and reused (PyTorch's `with cached():`), e.g.
 * around a forward that reads a parametrized weight several times. Synchronous fn only.
 * @example const out = parametrize.cached(() => model(x));
 */
export function cached<T>(fn: () => T): T {
  cacheDepth++;
  try {
    return fn();
  } finally {
    cacheDepth--;
    if (cacheDepth === 0) cache.clear();
  }
}

// ---- the injected class ---------------------------------------------------------------------

/** The prototypes inserted by registerParametrization, mapped to the class prototype they extend. */
const injected = new WeakMap<object, object>();

function protoOf(module: AnyModule): object {
  const p: unknown = Object.getPrototypeOf(module);
  if (typeof p !== 'object' || p === null) throw new Error('parametrize: module has no prototype');
  return p;
}

/** Puts a prototype named `Parametrized<Class>` between the module and its class. */
function injectNewClass(module: AnyModule): object {
  const base = protoOf(module);
  const name = `Parametrized${typeName(module)}`;
  const ctor = { [name]: function (): never { throw new TypeError(`${name} is made by register_parametrization`); } }[name]!;
  const proto: object = Object.create(base) as object;
  Object.defineProperty(ctor, 'prototype', { value: proto });
  Object.defineProperty(proto, 'constructor', { value: ctor, writable: true, configurable: true });
  injected.set(proto, base);
  Reflect.setPrototypeOf(module, proto);
  return proto;
}

/** Takes `layer` out of the module's prototype chain. */
export function removePrototype(module: object, layer: object): void {
  let obj: object = module;
  for (;;) {
    const p: unknown = Object.getPrototypeOf(obj);
    if (typeof p !== 'object' || p === null) return;
    if (p === layer) {
      const below: unknown = Object.getPrototypeOf(layer);
      Reflect.setPrototypeOf(obj, typeof below === 'object' ? below : null);
      return;
    }
    obj = p;
  }
}

function parametrizedClassOf(module: AnyModule): object | null {
  for (let p: unknown = Object.getPrototypeOf(module); typeof p === 'object' && p !== null; p = Object.getPrototypeOf(p)) {
    if (injected.has(p)) return p;
  }
  return null;
}

function dictOf(module: AnyModule): ModuleDict<ParametrizationList> | null {
  const d: unknown = Reflect.get(module, 'parametrizations');
  return d instanceof ModuleDict ? d : null;
}

function listOf(module: AnyModule, tensorName: string): ParametrizationList {
  const dict = dictOf(module);
  const l: unknown = dict?.has(tensorName) === true ? dict.get(tensorName) : null;
  if (!(l instanceof ParametrizationList)) throw new Error(`Module ${module.toString()} does not have a parametrization on ${tensorName}`);
  return l;
}

function injectProperty(module: AnyModule, proto: object, tensorName: string): void {
  Object.defineProperty(proto, tensorName, {
    configurable: true,
    enumerable: false,
    get(): Tensor {
      const list = listOf(module, tensorName);
      if (cacheDepth === 0) return list.forward();
      let perModule = cache.get(module);
      if (perModule === undefined) { perModule = new Map(); cache.set(module, perModule); }
      let t = perModule.get(tensorName);
      if (t === undefined) { t = list.forward(); perModule.set(tensorName, t); }
      return t;
    },
    set(value: Tensor): void {
      listOf(module, tensorName).rightInverse(value);
    },
  });
}

// ---- registration ---------------------------------------------------------------------------

/** The module's own (unparametrized) parameter or buffer under `name`, or null. */
function ownTensor(module: AnyModule, name: string): Tensor | null {
  const own = [...module.namedParameters('', false), ...module.namedBuffers('', false)];
  return own.find(([n]) => n === name)?.[1] ?? null;
}

/** PyTorch's checks of a second parametrization: its output, and its right inverse of that. */
function checkChained(tensorName: string, y: Tensor, x: Tensor, z: Tensor | null): void {
  const name = `module.${tensorName}`;
  const head = (what: string): string => `Registering a parametrization may not change the ${what} of the tensor, unless the \`unsafe\` flag is enabled.\n`;
  if (x.dtype !== y.dtype) throw new TypeError(`${head('dtype')}${name}.dtype: ${torchDtype(y.dtype)}\nparametrization(${name}).dtype: ${torchDtype(x.dtype)}`);
  if (!sameShape(x.shape, y.shape)) throw new Error(`${head('shape')}${name}.shape: ${torchSize(y.shape)}\nparametrization(${name}).shape: ${torchSize(x.shape)}`);
  if (z === null) return;
  const inv = (what: string): string => `The tensor returned by parametrization.right_inverse must have the same ${what} as ${name}, unless the \`unsafe\` flag is enabled.\n`;
  if (z.dtype !== y.dtype) throw new TypeError(`${inv('dtype')}${name}.dtype: ${torchDtype(y.dtype)}\nreturned dtype: ${torchDtype(z.dtype)}`);
  if (!sameShape(z.shape, y.shape)) throw new Error(`${inv('shape')}${name}.shape: ${torchSize(y.shape)}\nreturned shape: ${torchSize(z.shape)}`);
}

/**
 * Parametrizes `module[tensorName]`: reading it returns `parametrization(original)`, with the
 * original (initialised from `parametrization.rightInverse`, when it has one) under
 * `module.parametrizations[tensorName].original`; gradients flow to the original. A second
 * registration on the same name chains after the first.
 * @example
 * class Symmetric extends nn.Module { forward(x: Tensor) { return x.triu().add(x.triu(1).mT); } }
 * parametrize.registerParametrization(layer, 'weight', new Symmetric());
 */
export function registerParametrization<M extends AnyModule>(
  module: M, tensorName: string, parametrization: Parametrization, opts: { unsafe?: boolean } = {},
): M & Parametrized {
  checkOptions('register_parametrization', opts, ['unsafe']);
  const unsafe = opts.unsafe ?? false;
  parametrization.train(module.training);
  if (isParametrized(module, tensorName)) {
    const list = listOf(module, tensorName);
    if (!unsafe) {
      const y = list.forward();
      const x = parametrization.forward(y);
      if (!(x instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${typeName(x)}.`);
      checkChained(tensorName, y, x, null);
      const inv = rightInverseOf(parametrization);
      const z = inv === null ? null : inv(x);
      if (z !== null && !(z instanceof Tensor)) throw new TypeError(`parametrization.right_inverse must return a tensor. Got: ${typeName(z)}`);
      checkChained(tensorName, y, x, z);
    }
    list.append(parametrization);
    list.unsafe ||= unsafe;
    return withDict(module);
  }
  const original = ownTensor(module, tensorName);
  if (original === null) {
    throw new Error(`Module '${module.toString()}' does not have a parameter, a buffer, or a parametrized element with name '${tensorName}'`);
  }
  const originals = firstOriginals(parametrization, original, unsafe);
  const list = new ParametrizationList([parametrization], original, originals, unsafe);
  Reflect.deleteProperty(module, tensorName);
  const proto = parametrizedClassOf(module) ?? injectNewClass(module);
  if (dictOf(module) === null) module.addModule('parametrizations', new ModuleDict<ParametrizationList>());
  injectProperty(module, proto, tensorName);
  dictOf(module)!.set(tensorName, list);
  return withDict(module);
}

/** The original(s) of a first registration: the right inverse, checked before anything changes. */
function firstOriginals(parametrization: Parametrization, original: Tensor, unsafe: boolean): Tensor | Tensor[] {
  const inv = rightInverseOf(parametrization);
  const originals = inv === null ? original : noGrad(() => inv(original));
  if (!(originals instanceof Tensor) && !Array.isArray(originals)) {
    throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(originals)}`);
  }
  if (originals instanceof Tensor && originals.dtype !== original.dtype) {
    throw dtypeError('When `right_inverse` outputs one tensor, it may not change the dtype.', original.dtype, originals.dtype);
  }
  if (Array.isArray(originals)) {
    originals.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${typeName(t)}.`);
      }
    });
  }
  if (!unsafe) {
    // PyTorch evaluates the new list once here (a spectral norm's power iteration runs).
    const z = applyChain([parametrization], originals instanceof Tensor ? [originals] : originals);
    if (!(z instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${typeName(z)}.`);
    if (z.dtype !== original.dtype) {
      throw new TypeError('Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\n' +
        `unparametrized dtype: ${torchDtype(original.dtype)}\nparametrized dtype: ${torchDtype(z.dtype)}`);
    }
    if (!sameShape(z.shape, original.shape)) {
      throw new Error('Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n' +
        `unparametrized shape: ${torchSize(original.shape)}\nparametrized shape: ${torchSize(z.shape)}`);
    }
  }
  return originals;
}

function withDict<M extends AnyModule>(module: M): M & Parametrized {
  if (dictOf(module) === null) throw new Error('parametrize: module lost its parametrizations');
  return module as M & Parametrized;
}

/**
 * Whether `module` has a parametrization on `tensorName` (any, without a name).
 * @example parametrize.isParametrized(layer, 'weight')
 */
export function isParametrized(module: AnyModule, tensorName?: string): boolean {
  const dict = dictOf(module);
  if (dict === null) return false;
  return tensorName === undefined ? dict.size > 0 : dict.has(tensorName);
}

/**
 * Undoes registerParametrization on `tensorName`: the tensor becomes a plain parameter (or
 * buffer) again, holding the parametrized value (`leaveParametrized`, the default) or the original.
 * @example parametrize.removeParametrizations(layer, 'weight');
 */
export function removeParametrizations<M extends AnyModule>(module: M, tensorName: string, opts: { leaveParametrized?: boolean } = {}): M {
  checkOptions('remove_parametrizations', opts, ['leaveParametrized']);
  const leave = opts.leaveParametrized ?? true;
  if (!isParametrized(module, tensorName)) throw new Error(`Module ${module.toString()} does not have a parametrization on ${tensorName}`);
  const list = listOf(module, tensorName);
  let original: Tensor;
  if (list.isTensor) {
    original = list.original;
    if (leave) original = setOriginal(original, noGrad(() => list.forward()));
  } else {
    if (!leave) {
      throw new Error('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.');
    }
    const t = list.forward();
    original = t.requiresGrad ? new Parameter(t.detach(), true) : t;
  }
  const proto = parametrizedClassOf(module);
  if (proto !== null) Reflect.deleteProperty(proto, tensorName);
  const dict = dictOf(module)!;
  dict.pop(tensorName);
  registerTensor(module, tensorName, original);
  if (dict.size === 0) {
    Reflect.deleteProperty(module, 'parametrizations');
    if (proto !== null) removePrototype(module, proto);
  }
  return module;
}

/**
 * The module's class before parametrization (`Linear` for a `ParametrizedLinear`).
 * @example parametrize.typeBeforeParametrizations(layer).name // 'Linear'
 */
export function typeBeforeParametrizations(module: AnyModule): {
  /** The class name. */
  readonly name: string;
} {
  const proto = parametrizedClassOf(module);
  const base = proto === null ? protoOf(module) : injected.get(proto)!;
  const ctor: unknown = Reflect.get(base, 'constructor');
  return typeof ctor === 'function' ? ctor : { name: typeName(module) };
}
