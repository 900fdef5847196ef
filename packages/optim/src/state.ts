/**
 * Optimizer state values and their state-dict form. In memory, per-parameter state uses camelCase
 * keys (`momentumBuffer`); the state dict uses PyTorch's snake_case keys (`momentum_buffer`), so a
 * dict maps one to one onto `torch.optim`'s.
 */
import { Tensor, isFloating, zeros } from '@torchlet/core';

/** A value held in optimizer state: tensors, numbers, flags, or lists of them (LBFGS history). */
export type StateValue = Tensor | number | boolean | string | null | StateValue[];

/** One parameter's state as it appears in a state dict (snake_case keys). */
export type StateDictEntry = Record<string, StateValue>;

/** PyTorch's optimizer state dict: parameters are referred to by their index across all groups. */
export interface OptimizerStateDict {
  /** Per-parameter state by parameter index (PyTorch's snake_case keys). */
  state: Record<number, StateDictEntry>;
  /** Each group's hyperparameters (snake_case) and `params`: the indices of its parameters. */
  param_groups: Record<string, unknown>[];
}

/** Per-parameter state in memory: camelCase keys, values as in the state dict. */
export type ParamState = Record<string, StateValue | undefined>;

/** Keys whose PyTorch names do not follow the plain camelCase rule. */
const SNAKE_EXCEPTIONS: Record<string, string> = { HDiag: 'H_diag' };
const CAMEL_EXCEPTIONS: Record<string, string> = { H_diag: 'HDiag' };

/** `momentumBuffer` -> `momentum_buffer` (PyTorch's name). */
export function toSnake(key: string): string {
  return SNAKE_EXCEPTIONS[key] ?? key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** `momentum_buffer` -> `momentumBuffer`. */
export function toCamel(key: string): string {
  return CAMEL_EXCEPTIONS[key] ?? key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** A deep copy of a state value (tensors cloned, lists copied), as PyTorch's load_state_dict deep-copies. */
export function copyStateValue(v: StateValue): StateValue {
  if (v instanceof Tensor) return v.detach().clone();
  if (Array.isArray(v)) return v.map(copyStateValue);
  return v;
}

/**
 * PyTorch's `cast` in load_state_dict: floating tensors take the parameter's dtype, except `step`,
 * which keeps its own. Always copies.
 */
export function castForParam(param: Tensor, v: StateValue, key: string | null): StateValue {
  if (v instanceof Tensor) {
    const c = v.detach().clone();
    return key !== 'step' && isFloating(param.dtype) && isFloating(c.dtype) && c.dtype !== param.dtype ? c.to(param.dtype) : c;
  }
  if (Array.isArray(v)) return v.map((x) => castForParam(param, x, null));
  return v;
}

/** Reads a required tensor from a decoded entry, with a clear error when it is missing. */
export function tensorIn(entry: ParamState, key: string): Tensor {
  const v = entry[key];
  if (!(v instanceof Tensor)) throw new Error(`optimizer state is missing the tensor '${toSnake(key)}'`);
  return v;
}

/** Reads an optional tensor from a decoded entry. */
export function optionalTensorIn(entry: ParamState, key: string): Tensor | undefined {
  const v = entry[key];
  return v instanceof Tensor ? v : undefined;
}

/** `step` as PyTorch 1.13 keeps it: a 0-dim float tensor (a number in old dicts is converted). */
export function stepTensorIn(entry: ParamState): Tensor {
  const v = entry.step;
  if (v instanceof Tensor) return v;
  if (typeof v === 'number') return zeros([]).fill_(v);
  throw new Error("optimizer state is missing 'step'");
}

/** Reads a number (PyTorch keeps some counters, e.g. RMSprop's step, as plain ints). */
export function numberIn(entry: ParamState, key: string): number {
  const v = entry[key];
  if (typeof v === 'number') return v;
  if (v instanceof Tensor && v.numel() === 1) return v.item();
  throw new Error(`optimizer state is missing the number '${toSnake(key)}'`);
}
