/**
 * The Optimizer base class, shaped like torch.optim.Optimizer: param groups with defaults filled
 * in, per-parameter state keyed by the parameter tensor, zeroGrad, step(closure) and a state dict
 * that refers to parameters by index.
 */
import { Tensor, enableGrad, noGrad } from '@torchlet/core';
import {
  castForParam, toCamel, toSnake, type OptimizerStateDict, type ParamState, type StateDictEntry, type StateValue,
} from './state';
import { formatGroupValue } from './format';
import { checkGroupKeys } from './args';

/** Keys a param group may hold besides the hyperparameters. */
const GROUP_KEYS = ['params', 'initialLr', 'maxLr', 'minLr', 'maxMomentum', 'baseMomentum'];

/** Options every optimizer has. */
export interface BaseOptions {
  /** Learning rate. */
  lr: number;
}

/** Keys that lr schedulers add to a param group (PyTorch's initial_lr, max_lr, min_lr, ...). */
export interface SchedulerGroupKeys {
  /** The learning rate a scheduler started from (PyTorch's `initial_lr`). */
  initialLr?: number;
  /** OneCycleLR's peak learning rate (`max_lr`). */
  maxLr?: number;
  /** OneCycleLR's final learning rate (`min_lr`). */
  minLr?: number;
  /** OneCycleLR's upper momentum (`max_momentum`). */
  maxMomentum?: number;
  /** OneCycleLR's lower momentum (`base_momentum`). */
  baseMomentum?: number;
}

/** A param group: its parameters and every hyperparameter (defaults filled in). */
export type ParamGroup<O extends BaseOptions = BaseOptions> = O & SchedulerGroupKeys & {
  /** The group's parameters. */
  params: Tensor[];
};

/** A param group as given by the user: parameters plus any hyperparameters to override. */
export type ParamGroupInput<O> = {
  /** The group's parameters (one tensor or an iterable of them). */
  params: Tensor | Iterable<Tensor>;
} & { [K in keyof O]?: O[K] };

/** What an optimizer is built from: parameters, or param groups. */
export type ParamsInput<O> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** What a closure may return: the loss. */
export type Loss = Tensor | number;

/** Throws PyTorch's ValueError text when a hyperparameter is out of range. */
export function checkOption(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/**
 * Base class for all optimizers. Subclasses implement `applyUpdate` (run under noGrad) and
 * `restoreState` (typed per-parameter state from a loaded state dict).
 * @example
 * const opt = new SGD([w, b], { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 */
export abstract class Optimizer<O extends BaseOptions = BaseOptions, S extends ParamState = ParamState> {
  /** Hyperparameters used for what a param group leaves out. */
  readonly defaults: O;
  /** The param groups, in order. */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moments, step counts), keyed by the parameter. */
  state = new Map<Tensor, S>();
  /** How many times step() ran (PyTorch's `_step_count`, read by lr schedulers). */
  stepCount = 0;
  /** Defaults the user must give in every group (SGD's lr in PyTorch 1.13). */
  private readonly requiredKeys: ReadonlySet<string>;

  protected constructor(params: ParamsInput<O>, defaults: O, requiredKeys: readonly string[] = []) {
    this.defaults = defaults;
    this.requiredKeys = new Set(requiredKeys);
    if (params instanceof Tensor) {
      throw new TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got ' + typeName(params));
    }
    const list: (Tensor | ParamGroupInput<O>)[] = [...params];
    if (list.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const first = list[0];
    if (first instanceof Tensor || !isObject(first)) {
      this.addGroup({ params: list });
    } else {
      for (const g of list) {
        if (g instanceof Tensor || !isObject(g)) throw new TypeError('param group must be a dict');
        this.addGroup(g);
      }
    }
  }

  /**
   * Adds a param group (e.g. unfrozen layers while fine-tuning); hyperparameters it leaves out
   * come from `defaults`.
   * @example opt.addParamGroup({ params: head.parameters(), lr: 0.01 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    this.addGroup(group);
  }

  private addGroup(group: { params: Tensor | Iterable<unknown> }): void {
    if (!isObject(group)) throw new TypeError('param group must be a dict');
    const given = group.params;
    const params: unknown[] = given instanceof Tensor ? [given] : [...given];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError('optimizer can only optimize Tensors, but one of the params is ' + typeName(p));
      if (!(p.isLeaf || p.retainsGrad)) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    checkGroupKeys(this.constructor.name, group, [...GROUP_KEYS, ...Object.keys(this.defaults)]);
    const tensors = params as Tensor[];
    const filled: ParamGroup<O> = { ...this.defaults, params: tensors };
    const entries: [string, unknown][] = Object.entries(group);
    for (const [k, v] of entries) {
      if (k !== 'params' && v !== undefined) Reflect.set(filled, k, v);
    }
    for (const k of this.requiredKeys) {
      if (!Object.prototype.hasOwnProperty.call(group, k) || Reflect.get(group, k) === undefined) {
        throw new RangeError("parameter group didn't specify a value of required optimization parameter " + k);
      }
    }
    if (new Set(tensors).size !== tensors.length) {
      console.warn('optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; '
        + 'see github.com/pytorch/pytorch/issues/40967 for more information');
    }
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    if (tensors.some((p) => seen.has(p))) throw new RangeError('some parameters appear in more than one parameter group');
    this.paramGroups.push(filled);
  }

  /**
   * Resets the gradients of all parameters: to null (the default, as PyTorch 2), or to zeros.
   * @example opt.zeroGrad(); // p.grad === null for every parameter
   */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          p.grad = null;
        } else {
          if (g.gradFn !== null) g.detach_();
          else g.requiresGrad = false;
          g.zero_();
        }
      }
    }
  }

  /**
   * One optimization step. The closure, if given, re-evaluates the model (with gradients on) and
   * returns the loss, which step returns.
   * @example const loss = opt.step(() => { opt.zeroGrad(); const l = lossFn(model(x), y); l.backward(); return l; });
   */
  step<L extends Loss>(closure?: () => L): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() => this.applyUpdate());
    this.stepCount++;
    return loss;
  }

  /** The update itself, over all groups; runs with gradient recording off. */
  protected abstract applyUpdate(): void;

  /** Typed state for `param` from a loaded entry (camelCase keys, tensors already copied and cast). */
  protected abstract restoreState(entry: ParamState, param: Tensor): S;

  /** Per-parameter state, created on first use. */
  protected stateOf(p: Tensor, init: () => S): S {
    let s = this.state.get(p);
    if (s === undefined) {
      s = init();
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * PyTorch's state dict: `{state: {0: {momentum_buffer: ...}}, param_groups: [{lr: 0.1, params: [0, 1]}]}`.
   * Like PyTorch, the state tensors are the live ones (not copies); loadStateDict copies.
   * @example const saved = opt.stateDict(); other.loadStateDict(saved);
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const groups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      const entries: [string, unknown][] = Object.entries(g);
      for (const [k, v] of entries) {
        if (k !== 'params') packed[toSnake(k)] = Array.isArray(v) ? v.slice() : v;
      }
      packed.params = g.params.map((p) => {
        let i = index.get(p);
        if (i === undefined) {
          i = next++;
          index.set(p, i);
        }
        return i;
      });
      return packed;
    });
    const state: Record<number, StateDictEntry> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const entry: StateDictEntry = {};
      for (const [k, v] of Object.entries(s)) if (v !== undefined) entry[toSnake(k)] = v;
      state[i] = entry;
    }
    return { state, param_groups: groups };
  }

  /**
   * Loads a state dict from stateDict() (or converted from PyTorch's): groups must match in number
   * and size. Tensors are copied and floating ones cast to their parameter's dtype (not `step`).
   * Everything is checked before anything changes.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const groups = this.paramGroups;
    const { saved, entries } = checkStateDict(stateDict);
    if (groups.length !== saved.length) throw new RangeError('loaded state dict has a different number of parameter groups');
    const savedIds = saved.map(savedParamIds);
    if (groups.some((g, i) => g.params.length !== savedIds[i]!.length)) {
      throw new RangeError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const idMap = new Map<number, Tensor>();
    savedIds.forEach((ids, gi) => ids.forEach((id, j) => idMap.set(id, groups[gi]!.params[j]!)));
    const newState = new Map<Tensor, S>();
    for (const [key, entry] of entries) {
      const param = idMap.get(Number(key));
      if (param === undefined) continue; // state not tied to a parameter is dropped (no such state here)
      const camel: ParamState = {};
      for (const [k, v] of Object.entries(entry)) camel[toCamel(k)] = castForParam(param, v, k);
      try {
        newState.set(param, this.restoreState(camel, param));
      } catch (e) {
        throw new Error(`loaded state dict's state[${key}]: ${(e as Error).message}`, { cause: e });
      }
    }
    const newGroups = saved.map((sg, gi) => {
      const g: ParamGroup<O> = { ...this.defaults, params: groups[gi]!.params };
      for (const [k, v] of Object.entries(sg)) {
        if (k !== 'params') Reflect.set(g, toCamel(k), Array.isArray(v) ? v.slice() : v);
      }
      return g;
    });
    this.state = newState;
    this.paramGroups.splice(0, this.paramGroups.length, ...newGroups);
  }

  /** PyTorch's repr: the class name, then each group's hyperparameters sorted by name. */
  toString(): string {
    let s = this.constructor.name + ' (';
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      const keys = Object.keys(g).filter((k) => k !== 'params').map((k) => [toSnake(k), k] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [name, k] of keys) s += `    ${name}: ${formatGroupValue(Reflect.get(g, k))}\n`;
    });
    return s + ')';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function savedParamIds(g: Record<string, unknown>, i: number): number[] {
  const ids = g.params;
  if (ids === undefined) throw new Error(`loaded state dict's param_groups[${i}] has no 'params' (KeyError: 'params')`);
  if (!Array.isArray(ids) || !ids.every((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
    throw new TypeError(`loaded state dict's param_groups[${i}]['params'] must be a list of parameter indices, got ${typeName(ids)}`);
  }
  return ids;
}

/**
 * PyTorch reads `state_dict['param_groups']` and `['state']` and fails with a KeyError or a
 * TypeError deep inside; these say which part of the dict is missing or malformed instead.
 */
function checkStateDict(sd: unknown): { saved: Record<string, unknown>[]; entries: [string, StateDictEntry][] } {
  if (!isObject(sd) || Array.isArray(sd) || sd instanceof Tensor) {
    throw new TypeError(`optimizer state dict must be a dict with 'state' and 'param_groups' (as stateDict() returns), got ${typeName(sd)}`);
  }
  const missing = ['param_groups', 'state'].filter((k) => Reflect.get(sd, k) === undefined);
  if (missing.length > 0) {
    const keys = Object.keys(sd);
    throw new Error(`loaded state dict has no ${missing.map((k) => `'${k}'`).join(' or ')} (KeyError: '${missing[0]}'); `
      + `an optimizer state dict is { state, param_groups } as stateDict() returns, got keys [${keys.map((k) => `'${k}'`).join(', ')}]`);
  }
  const groups: unknown = Reflect.get(sd, 'param_groups');
  if (!Array.isArray(groups)) throw new TypeError(`loaded state dict's 'param_groups' must be a list of dicts, got ${typeName(groups)}`);
  groups.forEach((g: unknown, i) => {
    if (!isObject(g) || Array.isArray(g) || g instanceof Tensor) throw new TypeError(`loaded state dict's param_groups[${i}] must be a dict, got ${typeName(g)}`);
  });
  const state: unknown = Reflect.get(sd, 'state');
  if (!isObject(state) || Array.isArray(state) || state instanceof Tensor) {
    throw new TypeError(`loaded state dict's 'state' must be a dict of per-parameter state, got ${typeName(state)}`);
  }
  const entries = Object.entries(state).map(([k, v]: [string, unknown]): [string, StateDictEntry] => {
    if (!isObject(v) || Array.isArray(v) || v instanceof Tensor) throw new TypeError(`loaded state dict's state[${k}] must be a dict, got ${typeName(v)}`);
    return [k, v as StateDictEntry];
  });
  return { saved: groups as Record<string, unknown>[], entries };
}

function isObject(x: unknown): x is object {
  return typeof x === 'object' && x !== null;
}

function typeName(x: unknown): string {
  if (x instanceof Tensor) return x.dtype === 'float64' ? 'torch.DoubleTensor' : x.dtype === 'float32' ? 'torch.FloatTensor' : x.dtype === 'int32' ? 'torch.IntTensor' : x.dtype === 'int64' ? 'torch.LongTensor' : 'torch.BoolTensor';
  if (x === null) return 'NoneType';
  if (Array.isArray(x)) return 'list';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'string') return 'str';
  if (typeof x === 'boolean') return 'bool';
  return typeof x === 'object' ? 'dict' : typeof x;
}

export type { StateValue };
