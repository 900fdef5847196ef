/**
 * Python-style trailing arguments: positional values, then optionally one options object holding
 * the rest by name (PyTorch's keyword arguments). A Tensor is a value, never the options object.
 */
import { Tensor } from '../tensor';
import { checkOptions } from '../options';

/**
 * Binds `args` (what follows the leading tensors, `lead` of them) to `names`. Returns the values
 * by name; names not given are absent. Raises Python's TypeErrors for too many positional
 * arguments, an unknown keyword, or a name given both ways.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[], lead = 2): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let rest = args;
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && !(last instanceof Tensor) && !Array.isArray(last)) {
    rest = args.slice(0, -1);
    checkOptions(fn, last, names);
    Object.assign(out, last);
  }
  if (rest.length > names.length) {
    throw new TypeError(`${fn}() takes from ${lead} to ${names.length + lead} positional arguments but ${rest.length + lead} were given`);
  }
  rest.forEach((v, i) => {
    const name = names[i]!;
    if (name in out) throw new TypeError(`${fn}() got multiple values for argument '${name}'`);
    out[name] = v;
  });
  return out;
}

/** A number argument (default when absent), with Python's TypeError for anything else. */
export function numberArg(fn: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}' must be float, not ${typeof v}`);
  return v;
}

/**
 * The trailing arguments of a PyTorch signature whose positional parameters after the leading ones
 * are P: any prefix of P, then optionally the options object O (the keyword arguments).
 * @example constructor(inFeatures: number, outFeatures: number, ...args: PyArgs<[bias: boolean], LinearOptions>)
 */
export type PyArgs<P extends unknown[], O> = P extends [...infer H, unknown] ? [...P, O?] | PyArgs<H, O> : [O?];

/**
 * bindArgs typed as the options object the names bind to. The values are whatever the caller
 * passed: check the types a wrong value would silently break (intArgOf, boolArg, ...).
 */
export function bindOptions<O extends object>(fn: string, names: readonly (keyof O & string)[], args: readonly unknown[], lead = 2): O {
  return bindArgs(fn, names, args, lead) as O;
}

/** Python's type name of a JS value, as PyTorch's argument parser prints it ("float", "str", "Tensor"). */
function pyArgType(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  return Array.isArray(v) ? 'list' : 'dict';
}

/** PyTorch's " (position p)" in argument errors, when the caller knows it. */
const at = (position: number | undefined): string => (position === undefined ? '' : ` (position ${position})`);

/** A bool argument (default when absent): PyTorch's "fn(): argument 'name' must be bool, not str" otherwise. */
export function boolArg(fn: string, name: string, v: unknown, dflt: boolean, position?: number): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be bool, not ${pyArgType(v)}`);
  return v;
}

/** An int argument (default when absent): PyTorch's "fn(): argument 'name' must be int, not float" otherwise. */
export function intArgOf(fn: string, name: string, v: unknown, dflt: number, position?: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be int, not ${pyArgType(v)}`);
  return v;
}

/** A float argument (default when absent; ints and NaN are floats): "fn(): argument 'name' must be float, not str" otherwise. */
export function floatArg(fn: string, name: string, v: unknown, dflt: number, position?: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${fn}(): argument '${name}'${at(position)} must be float, not ${pyArgType(v)}`);
  return v;
}

/** A Tensor argument: PyTorch's "fn(): argument 'name' (position p) must be Tensor, not int" otherwise. */
export function tensorArg(fn: string, name: string, position: number, v: unknown): Tensor {
  if (!(v instanceof Tensor)) throw new TypeError(`${fn}(): argument '${name}' (position ${position}) must be Tensor, not ${pyArgType(v)}`);
  return v;
}
