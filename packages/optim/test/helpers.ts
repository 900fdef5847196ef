/** Shared test helpers: the PyTorch trajectory fixture, optimizer factories, tolerant comparison. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, tensor, type DType } from '@torchlet/core';
import {
  ASGD, Adadelta, Rprop, type ASGDOptions, type AdadeltaOptions, type RpropOptions,
  Adagrad, Adam, AdamW, Adamax, NAdam, RAdam, RMSprop, SGD, type AdagradOptions, type AdamOptions, type AdamaxOptions,
  type NAdamOptions, type Optimizer, type BaseOptions, type OptimizerStateDict, type ParamState, type RAdamOptions, type RMSpropOptions,
  type SGDOptions, type StateValue,
} from '@torchlet/optim';

export type OptionsBag = Partial<SGDOptions & AdamOptions & RMSpropOptions & AdagradOptions & AdamaxOptions & NAdamOptions & RAdamOptions
  & AdadeltaOptions & ASGDOptions & RpropOptions>;

export interface PackedTensor { shape: number[]; data: number[] }
export type PackedValue = PackedTensor | number | boolean | null;
export interface PackedState {
  state: Record<string, Record<string, PackedValue>>;
  param_groups: Record<string, unknown>[];
}
export interface TrajectoryCase {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  groups: ({ params: number[] } & Record<string, unknown>)[] | null;
  dtype: 'float32' | 'float64';
  trajectory: number[][];
  state_at_10: PackedState;
  final_state: PackedState;
}
export interface TrajectoryData {
  shapes: number[][];
  params: number[][];
  grads: (number[] | null)[][];
}
export interface TrajectoryFixture {
  torch: string;
  steps: number;
  data: Record<'float32' | 'float64', TrajectoryData>;
  cases: TrajectoryCase[];
}

export function loadFixture<T>(name: string): T {
  const parsed: T = JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8'));
  return parsed;
}

const camel = (k: string): string => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Python kwargs (snake_case) as torchlet options (camelCase). */
export function toOptions(kwargs: Record<string, unknown>): OptionsBag {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) out[camel(k)] = v;
  const bag: OptionsBag = JSON.parse(JSON.stringify(out));
  return bag;
}

type Groups = ({ params: Tensor[] } & OptionsBag)[];
export type AnyOptimizer = Optimizer<BaseOptions, ParamState>;

/** Builds the named optimizer over plain tensors or groups. */
export function makeOptimizer(name: string, params: Tensor[] | Groups, opts: OptionsBag): AnyOptimizer {
  switch (name) {
    case 'SGD': return new SGD(params, opts);
    case 'Adam': return new Adam(params, opts);
    case 'AdamW': return new AdamW(params, opts);
    case 'RMSprop': return new RMSprop(params, opts);
    case 'Adagrad': return new Adagrad(params, opts);
    case 'Adamax': return new Adamax(params, opts);
    case 'NAdam': return new NAdam(params, opts);
    case 'RAdam': return new RAdam(params, opts);
    case 'Adadelta': return new Adadelta(params, opts);
    case 'ASGD': return new ASGD(params, opts);
    case 'Rprop': return new Rprop(params, opts);
    default: throw new Error('unknown optimizer ' + name);
  }
}

/** Fresh leaf parameters from the fixture's starting values. */
export function makeParams(data: TrajectoryData, dtype: DType): Tensor[] {
  return data.params.map((v, i) => tensor(v, { dtype }).reshape(data.shapes[i]!).detach().requiresGrad_(true));
}

/** Sets .grad for step `i` (null where PyTorch's run had no gradient). */
export function setGrads(params: Tensor[], data: TrajectoryData, step: number, dtype: DType): void {
  const row = data.grads[step]!;
  params.forEach((p, j) => {
    const g = row[j];
    p.grad = g === null || g === undefined ? null : tensor(g, { dtype }).reshape(p.shape);
  });
}

export function groupsFor(c: TrajectoryCase, params: Tensor[]): Tensor[] | Groups {
  if (c.groups === null) return params;
  return c.groups.map((g) => ({ ...toOptions(g), params: g.params.map((i) => params[i]!) }));
}

export function flatValues(params: Tensor[]): number[] {
  return params.flatMap((p) => Array.from(p.toTypedArray()));
}

/**
 * Fixture numbers as the dtype's values: float32 values are stored as their shortest decimal
 * text, which reads back as a nearby double, so round them to float32 again.
 */
export function asDtype(values: readonly number[], dtype: DType): number[] {
  return dtype === 'float32' ? values.map(Math.fround) : values.slice();
}

/** Largest |a - b| / (|b| + floor): the relative error, with a floor near zero. */
export function maxRelError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-6): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!, a = actual[i]!;
    const err = Math.abs(a - e) / (Math.abs(e) + floor);
    if (!(err <= worst)) worst = err;
  }
  return worst;
}

/** A packed PyTorch state value (from the fixture) as a torchlet state value. */
export function unpackValue(v: PackedValue, dtype: DType): StateValue {
  if (v !== null && typeof v === 'object') {
    // `step` is a float32 0-dim tensor in PyTorch whatever the parameters' dtype.
    return tensor(v.data, { dtype }).reshape(v.shape);
  }
  return v;
}

/** PyTorch's state dict from the fixture, as torchlet's OptimizerStateDict. */
export function unpackState(s: PackedState, dtype: DType): OptimizerStateDict {
  const state: OptimizerStateDict['state'] = {};
  for (const [k, entry] of Object.entries(s.state)) {
    const e: Record<string, StateValue> = {};
    for (const [name, v] of Object.entries(entry)) e[name] = unpackValue(v, name === 'step' ? 'float32' : dtype);
    state[Number(k)] = e;
  }
  return { state, param_groups: s.param_groups.map((g) => ({ ...g })) };
}
