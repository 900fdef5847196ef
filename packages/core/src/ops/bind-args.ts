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
