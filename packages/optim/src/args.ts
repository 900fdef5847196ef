/**
 * Constructor arguments as PyTorch takes them: positionally in PyTorch's order
 * (`SGD(params, 0.1, 0.9)` is lr, momentum), then optionally one options object holding the rest
 * by name (`SGD(params, 0.1, {weightDecay: 1e-4})`), or the options object alone. An unknown key
 * raises PyTorch's "unexpected keyword argument" TypeError naming the nearest known key.
 * Checked once, at construction: nothing here runs per step.
 */
import { Tensor } from '@torchlet/core';
import { checkOptions, nearestKey } from '@torchlet/core/internal';

/** The non-empty prefixes of a tuple type, and the empty one: [a, b] -> [] | [a] | [a, b]. */
type Prefixes<T extends unknown[]> = T extends [...infer H, unknown] ? Prefixes<H> | T : [];

/**
 * A constructor's trailing arguments: any prefix of PyTorch's positional parameters `P`, then
 * optionally the options object.
 * @example constructor(params, ...args: PositionalArgs<[lr: number, momentum: number], SGDOptions>)
 */
export type PositionalArgs<P extends unknown[], O> = Prefixes<P> extends infer Q
  ? Q extends unknown[] ? [...Q, Partial<O>?] : never
  : never;

/** An options object: a plain object, never a Tensor or an array. */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
}

function jsType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'NoneType';
  return Array.isArray(v) ? 'list' : typeof v;
}

/** The value's shape matches the default's: a number, a bool, a pair of numbers, a string or null. */
function sameKind(v: unknown, dflt: unknown): boolean {
  if (v === undefined || dflt === undefined) return true;
  if (Array.isArray(dflt)) return Array.isArray(v) && (dflt.length === 0 || v.length === dflt.length) && v.every((e) => typeof e === 'number');
  if (dflt === null || typeof dflt === 'string') return v === null || typeof v === 'string';
  return typeof v === typeof dflt;
}

const KIND_WORDS: Record<string, string> = { number: 'float', boolean: 'bool', string: 'str' };

/**
 * Binds a constructor's trailing `args` to PyTorch's `positional` names (camelCased), merging a
 * final options object. `defaults` gives each name's type (a value of another type is a TypeError,
 * never a silent NaN). Raises Python's TypeErrors for too many positional values, an unknown key
 * and a name given twice.
 */
export function optimizerArgs<O>(
  name: string, positional: readonly string[], defaults: Readonly<Record<string, unknown>>, args: readonly unknown[],
): Partial<O> {
  const known = Object.keys(defaults);
  const last = args[args.length - 1];
  const opts = isOptionsObject(last) ? last : undefined;
  const npos = opts === undefined ? args.length : args.length - 1;
  if (npos > positional.length) {
    throw new TypeError(`${name}() takes from 2 to ${positional.length + 2} positional arguments but ${npos + 2} were given`);
  }
  checkOptions(name, opts, known);
  const out: Record<string, unknown> = Object.assign({}, opts);
  for (let i = 0; i < npos; i++) {
    const key = positional[i]!;
    if (opts !== undefined && key in opts) throw new TypeError(`${name}() got multiple values for argument '${key}'`);
    if (args[i] !== undefined) out[key] = args[i];
  }
  for (const key of known) {
    const v = out[key], d = defaults[key];
    if (sameKind(v, d)) continue;
    const want = Array.isArray(d) ? `a pair of numbers` : d === null ? 'str or null' : KIND_WORDS[typeof d] ?? typeof d;
    throw new TypeError(`${name}(): argument '${key}' must be ${want}, not ${jsType(v)}`);
  }
  return out as Partial<O>;
}

/**
 * A param group key close to a known hyperparameter (`weight_decay`, `momentun`) is a typo, not a
 * custom key: PyTorch's TypeError words with the nearest name. Keys far from every known one (a
 * group's `name`) stay allowed, as PyTorch keeps them.
 */
export function checkGroupKeys(name: string, group: object, known: readonly string[]): void {
  for (const key of Object.keys(group)) {
    if (known.includes(key)) continue;
    const near = nearestKey(key, known);
    if (near !== undefined) throw new TypeError(`${name}() got an unexpected keyword argument '${key}' in a param group (did you mean '${near}'?)`);
  }
}

/** A constructor with required leading parameters: the options object alone, or at least those positionally. */
export type RequiredPositionalArgs<P extends unknown[], O> = [options: O] | (Exclude<Prefixes<P>, []> extends infer Q
  ? Q extends unknown[] ? [...Q, Partial<O>?] : never
  : never);

/**
 * An lr scheduler's arguments (`StepLR(opt, 30, 0.1)` or `StepLR(opt, {stepSize: 30})`), bound as
 * optimizerArgs does; a missing required one raises Python's "missing required positional argument".
 */
export function schedulerArgs<O>(
  name: string, positional: readonly string[], defaults: Readonly<Record<string, unknown>>, required: readonly string[], args: readonly unknown[],
): O {
  const out = optimizerArgs<O>(name, positional, defaults, args);
  const missing = required.filter((k) => (out as Record<string, unknown>)[k] === undefined);
  if (missing.length > 0) {
    const names = missing.map((k) => `'${k}'`).join(' and ');
    throw new TypeError(`${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${names}`);
  }
  return out as O;
}
