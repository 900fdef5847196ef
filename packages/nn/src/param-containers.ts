/**
 * ParameterList and ParameterDict: modules that hold parameters under '0', '1', ... or keys
 * (their state-dict keys), printed as PyTorch prints them. A plain tensor is wrapped in a
 * Parameter, as PyTorch does.
 */
import { Tensor } from '@torchlet/core';
import { Module } from './module';
import { Parameter } from './parameter';
import { typeName } from './repr';

function asParameter(p: Parameter | Tensor): Parameter {
  if (p instanceof Parameter) return p;
  if (p instanceof Tensor) return new Parameter(p);
  throw new TypeError(`cannot assign '${typeName(p)}' object to parameter (torch.nn.Parameter or None required)`);
}

/** `Parameter containing: [torch.float32 of size 2x3]` (the dtype as ParameterList / ParameterDict name it). */
function describe(p: Parameter, dtypeName: string): string {
  return `Parameter containing: [${dtypeName} of size ${p.shape.join('x')}]`;
}

function paramAt(m: Module<never, never>, key: string): Parameter {
  const v: unknown = Reflect.get(m, key);
  if (!(v instanceof Parameter)) throw new Error(`KeyError: '${key}'`);
  return v;
}

/**
 * Parameters by position.
 * @example this.ws = new nn.ParameterList([new nn.Parameter(randn([2, 3]))]); this.ws.at(0)
 */
export class ParameterList extends Module<never, never> {
  static override readonly callable: boolean = false;
  [index: number]: Parameter;

  constructor(values: Iterable<Parameter | Tensor> = []) {
    super();
    this.extend(values);
  }

  /** Number of parameters (`len(list)`). */
  override get length(): number {
    return this.parameterEntries().length;
  }

  /** The parameter at idx (negative counts from the end); throws when out of range. */
  at(idx: number): Parameter {
    const n = this.length;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range`);
    return paramAt(this, String(idx < 0 ? idx + n : idx));
  }

  /** Replaces the parameter at idx. */
  set(idx: number, value: Parameter | Tensor): void {
    const n = this.length;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range`);
    this.registerParameter(String(idx < 0 ? idx + n : idx), asParameter(value));
  }

  /** Adds a parameter at the end (a plain tensor is wrapped in a Parameter). */
  append(value: Parameter | Tensor): this {
    this.registerParameter(String(this.length), asParameter(value));
    return this;
  }

  /** Appends each value in turn. */
  extend(values: Iterable<Parameter | Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  /** Iterates the parameters in order. */
  [Symbol.iterator](): Iterator<Parameter> {
    return this.parameterEntries().map(([, p]) => p)[Symbol.iterator]();
  }

  override extraRepr(): string {
    return this.parameterEntries().map(([, p], i) => `  (${i}): ${describe(p, `torch.${p.dtype}`)}`).join('\n');
  }

  forward(): never {
    throw new Error('Module [ParameterList] is missing the required "forward" function');
  }
}

/**
 * Parameters by string key. A Map keeps its order; a plain object is taken in sorted key order,
 * as PyTorch takes a dict.
 * @example this.p = new nn.ParameterDict({ scale: new nn.Parameter(ones([1])) }); this.p.get('scale')
 */
export class ParameterDict extends Module<never, never> {
  static override readonly callable: boolean = false;

  constructor(values: ReadonlyMap<string, Parameter | Tensor> | Record<string, Parameter | Tensor> = {}) {
    super();
    this.update(values);
  }

  /** Number of entries (`len(dict)`). */
  get size(): number {
    return this.parameterEntries().length;
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return this.parameterEntries().map(([k]) => k);
  }

  /** The parameters, in insertion order. */
  values(): Parameter[] {
    return this.parameterEntries().map(([, p]) => p);
  }

  /** `[key, parameter]` pairs, in insertion order (PyTorch's `items()`). */
  entries(): [string, Parameter][] {
    return this.parameterEntries();
  }

  /** Whether key is present (`key in dict`). */
  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** The parameter under key (`dict[key]`); throws KeyError when absent. */
  get(key: string): Parameter {
    if (!this.has(key)) throw new Error(`KeyError: '${key}'`);
    return paramAt(this, key);
  }

  /** Adds or replaces the parameter under key (a plain tensor is wrapped in a Parameter). */
  set(key: string, value: Parameter | Tensor): void {
    this.registerParameter(key, asParameter(value));
  }

  /** Removes key and returns its parameter. */
  pop(key: string): Parameter {
    const p = this.get(key);
    Reflect.deleteProperty(this, key);
    return p;
  }

  /**
   * Adds or replaces entries: a Map in its order, a plain object in sorted key order (as PyTorch does
   * for a dict).
   */
  update(values: ReadonlyMap<string, Parameter | Tensor> | Record<string, Parameter | Tensor>): void {
    const entries = values instanceof Map ? [...(values as ReadonlyMap<string, Parameter | Tensor>).entries()]
      : Object.entries(values as Record<string, Parameter | Tensor>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) this.set(k, v);
  }

  /** Iterates the keys, as iterating a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  override extraRepr(): string {
    return this.entries().map(([k, p]) => `  (${k}): ${describe(p, typeName(p))}`).join('\n');
  }

  forward(): never {
    throw new Error('Module [ParameterDict] is missing the required "forward" function');
  }
}
