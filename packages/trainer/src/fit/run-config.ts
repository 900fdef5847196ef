/**
 * A run's configuration as stored in its checkpoint: the model's state-dict keys and shapes, the
 * optimizer's class and hyper-parameters (its param group defaults, which schedulers leave alone),
 * epochs and the seed. A resume compares it with the new fit() call and reports every difference
 * before anything is loaded or written.
 */
import type { Tensor } from '@torchlet/core';
import type { TrainableModel, TrainableOptimizer } from './types';

/** A JSON value (hyper-parameters are numbers, flags, strings, null, or lists of them). */
export type ConfigValue = number | string | boolean | null | ConfigValue[];

export interface RunConfig {
  /** The model's state-dict keys with their shapes, in state-dict order (a list: keys come from files). */
  model: [string, number[]][];
  /** The optimizer's class name and its defaults under PyTorch's snake_case names. */
  optimizer: { type: string; defaults: [string, ConfigValue][] };
  epochs: number;
  /** The `seed` given to fit, or null. */
  seed: number | null;
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

function plain(v: unknown): ConfigValue {
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) return v;
  if (Array.isArray(v)) return v.map(plain);
  return JSON.stringify(v) ?? typeof v; // not expected in hyper-parameters: compared by its JSON
}

export function modelShapes(stateDict: Record<string, Tensor>): [string, number[]][] {
  return Object.entries(stateDict).map(([k, t]) => [k, [...t.shape]]);
}

/** The configuration of a fit() call. */
export function runConfig<X>(model: TrainableModel<X>, optimizer: TrainableOptimizer, epochs: number, seed: number | undefined): RunConfig {
  const defaults: [string, ConfigValue][] = [];
  for (const [k, v] of Object.entries(optimizer.defaults ?? {})) if (v !== undefined) defaults.push([snake(k), plain(v)]);
  return { model: modelShapes(model.stateDict()), optimizer: { type: optimizer.constructor.name, defaults }, epochs, seed: seed ?? null };
}

function show(v: ConfigValue | undefined): string {
  if (v === undefined || v === null) return '(none)';
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

/** The number of parameters in each param group of an optimizer state dict. */
export function groupSizes(stateDict: unknown): number[] {
  const groups = (stateDict as { param_groups?: unknown } | null)?.param_groups;
  if (!Array.isArray(groups)) return [];
  return groups.map((g: unknown) => {
    const params = (g as { params?: unknown } | null)?.params;
    return Array.isArray(params) ? params.length : 0;
  });
}

/** `name: checkpoint A, now B` lines for two key-value lists. */
function diffPairs(prefix: string, saved: readonly [string, ConfigValue][], now: readonly [string, ConfigValue][]): string[] {
  const a = new Map(saved);
  const b = new Map(now);
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    if (JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k))) out.push(`${prefix}${k}: checkpoint ${show(a.get(k))}, now ${show(b.get(k))}`);
  }
  return out;
}

const MAX_MODEL_LINES = 8;

/**
 * The differences between a checkpoint and the new run, one line each. `savedModel` is the
 * checkpoint's model (its tensors); `savedGroups` its param group sizes. Raising `epochs` is not a
 * difference (the run trains further); lowering it is.
 */
export function diffConfig(saved: RunConfig | undefined, savedModel: [string, number[]][], savedGroups: number[], now: RunConfig, nowGroups: number[]): string[] {
  const out: string[] = [];
  const model = diffPairs('model.', savedModel, now.model).map((l) => l.replace(/checkpoint \(none\)/, 'not in the checkpoint').replace(/now \(none\)/, 'not in the model'));
  out.push(...model.slice(0, MAX_MODEL_LINES));
  if (model.length > MAX_MODEL_LINES) out.push(`model: ${model.length - MAX_MODEL_LINES} more differences`);
  if (JSON.stringify(savedGroups) !== JSON.stringify(nowGroups)) {
    out.push(`optimizer param groups (parameters per group): checkpoint ${JSON.stringify(savedGroups)}, now ${JSON.stringify(nowGroups)}`);
  }
  if (saved === undefined) return out; // a checkpoint from before configurations were stored
  if (saved.optimizer.type !== now.optimizer.type) {
    out.push(`optimizer: checkpoint ${saved.optimizer.type}, now ${now.optimizer.type}`);
  } else {
    out.push(...diffPairs('optimizer.', saved.optimizer.defaults, now.optimizer.defaults));
  }
  if (now.epochs < saved.epochs) out.push(`epochs: checkpoint ${saved.epochs}, now ${now.epochs} (epochs may be raised, not lowered)`);
  if (saved.seed !== now.seed) out.push(`seed: checkpoint ${show(saved.seed)}, now ${show(now.seed)}`);
  return out;
}
