/** Sequential, ModuleList and ModuleDict: modules that hold modules under '0', '1', ... or keys. */
import type { Tensor } from '@torchlet/core';
import { Module, type AnyModule } from './module';

/** A layer of a Sequential: one tensor in, one tensor out. */
export type TensorModule = Module<[Tensor], Tensor>;

function isModule(v: unknown): v is AnyModule {
  return v instanceof Module;
}

function childAt(m: AnyModule, key: string): AnyModule {
  const v: unknown = Reflect.get(m, key);
  if (!isModule(v)) throw new RangeError(`no module at '${key}'`);
  return v;
}

/** Entries of a Map or plain object of modules, in insertion order. */
function entriesOf<T>(modules: ReadonlyMap<string, T> | Record<string, T>): [string, T][] {
  return modules instanceof Map ? [...(modules as ReadonlyMap<string, T>).entries()] : Object.entries(modules as Record<string, T>);
}

function absIndex(idx: number, n: number): number {
  if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new RangeError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/**
 * Runs its modules in order, each on the previous output. Built from modules (named '0', '1',
 * ...) or from a Map / object of named modules.
 * @example
 * const net = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
 * net.at(-1); // the last Linear
 */
export class Sequential extends Module {
  [index: number]: TensorModule;
  /** Number of modules (`len(seq)`); an accessor over the function's own `length`. */
  declare readonly length: number;

  constructor(...modules: TensorModule[] | [ReadonlyMap<string, TensorModule> | Record<string, TensorModule>]) {
    super();
    Object.defineProperty(this, 'length', { get: () => this.size, configurable: true });
    const first = modules[0];
    if (modules.length === 1 && !(first instanceof Module) && first !== undefined) {
      for (const [name, m] of entriesOf(first)) this.addModule(name, m);
    } else {
      modules.forEach((m, i) => this.addModule(String(i), m as TensorModule));
    }
  }

  /** Number of modules, as `length`. */
  get size(): number {
    return this.childEntries().length;
  }

  private keys(): string[] {
    return this.childEntries().map(([k]) => k);
  }

  /** The module at position idx (negative counts from the end), whatever its name. */
  at(idx: number): TensorModule {
    const keys = this.keys();
    return childAt(this, keys[absIndex(idx, keys.length)]!) as TensorModule;
  }

  /** A new Sequential of modules start..end (Python slice semantics), sharing the modules. */
  slice(start?: number, end?: number): Sequential {
    return new Sequential(new Map(this.childEntries().slice(start, end).map(([k, m]) => [k, m as TensorModule])));
  }

  /** Adds a module at the end (named by its position). */
  append(module: TensorModule): this {
    this.addModule(String(this.size), module);
    return this;
  }

  /** Appends each module in turn. */
  extend(modules: Iterable<TensorModule>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Iterates the modules in order: `for (const layer of seq)`. */
  [Symbol.iterator](): Iterator<TensorModule> {
    return this.childEntries().map(([, m]) => m as TensorModule)[Symbol.iterator]();
  }

  forward(input: Tensor): Tensor {
    let x = input;
    for (const name of this.registeredChildNames()) {
      const m: unknown = Reflect.get(this, name);
      if (m instanceof Module) x = (m as TensorModule)(x);
    }
    return x;
  }
}

/**
 * A list of modules, registered as children '0', '1', ... (no forward of its own).
 * @example
 * this.layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 2)]);
 * for (const layer of this.layers) x = layer(x);
 */
export class ModuleList<T extends AnyModule = AnyModule> extends Module<never, never> {
  static override readonly callable: boolean = false;
  [index: number]: T;

  constructor(modules: Iterable<T> = []) {
    super();
    this.extend(modules);
  }

  /** Number of modules (`len(list)`). */
  override get length(): number {
    return this.childEntries().length;
  }

  /** The module at idx (negative counts from the end); throws when out of range. */
  at(idx: number): T {
    return childAt(this, String(absIndex(idx, this.length))) as T;
  }

  /** Replaces the module at idx. */
  set(idx: number, module: T): void {
    this.addModule(String(absIndex(idx, this.length)), module);
  }

  /** Adds a module at the end. */
  append(module: T): this {
    this.addModule(String(this.length), module);
    return this;
  }

  /** Appends each module in turn. */
  extend(modules: Iterable<T>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts before idx, renumbering the modules after it. */
  insert(idx: number, module: T): void {
    const items = [...this];
    const n = items.length;
    const at = idx < 0 ? Math.max(0, idx + n) : Math.min(idx, n);
    items.splice(at, 0, module);
    this.reset(items);
  }

  /** Removes and returns the module at idx, renumbering the rest. */
  pop(idx = -1): T {
    const items = [...this];
    const [m] = items.splice(absIndex(idx, items.length), 1);
    this.reset(items);
    return m!;
  }

  private reset(items: T[]): void {
    const n = this.length;
    for (let i = 0; i < n; i++) Reflect.deleteProperty(this, String(i));
    items.forEach((m, i) => this.addModule(String(i), m));
  }

  /** Iterates the modules in order: `for (const layer of this.layers)`. */
  [Symbol.iterator](): Iterator<T> {
    return this.childEntries().map(([, m]) => m as T)[Symbol.iterator]();
  }

  forward(): never {
    throw new Error('Module [ModuleList] is missing the required "forward" function');
  }
}

/**
 * Modules by string key, in insertion order (no forward of its own).
 * @example
 * this.heads = new nn.ModuleDict({ cls: new nn.Linear(8, 3), box: new nn.Linear(8, 4) });
 * this.heads.get('cls')
 */
export class ModuleDict<T extends AnyModule = AnyModule> extends Module<never, never> {
  static override readonly callable: boolean = false;

  constructor(modules: ReadonlyMap<string, T> | Record<string, T> = {}) {
    super();
    this.update(modules);
  }

  /** Number of entries (`len(dict)`). */
  get size(): number {
    return this.childEntries().length;
  }

  /** The module under key (`dict[key]`); throws KeyError when absent. */
  get(key: string): T {
    if (!this.has(key)) throw new Error(`KeyError: '${key}'`);
    return childAt(this, key) as T;
  }

  /** Adds or replaces the module under key (`dict[key] = module`). */
  set(key: string, module: T): void {
    this.addModule(key, module);
  }

  /** Whether key is present (`key in dict`). */
  has(key: string): boolean {
    return this.keys().includes(key);
  }

  /** Removes key and returns its module. */
  pop(key: string): T {
    const m = this.get(key);
    Reflect.deleteProperty(this, key);
    return m;
  }

  /** Removes every entry. */
  clear(): void {
    for (const k of this.keys()) Reflect.deleteProperty(this, k);
  }

  /** Adds or replaces the entries of a Map or plain object, in its order. */
  update(modules: ReadonlyMap<string, T> | Record<string, T>): void {
    for (const [k, m] of entriesOf(modules)) this.addModule(k, m);
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return this.childEntries().map(([k]) => k);
  }

  /** The modules, in insertion order. */
  values(): T[] {
    return this.childEntries().map(([, m]) => m as T);
  }

  /** `[key, module]` pairs, in insertion order. */
  items(): [string, T][] {
    return this.childEntries().map(([k, m]) => [k, m as T]);
  }

  /** Iterates the keys, as iterating a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  forward(): never {
    throw new Error('Module [ModuleDict] is missing the required "forward" function');
  }
}
