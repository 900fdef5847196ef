/**
 * Constructor arguments as PyTorch takes them: `Adadelta(params, 0.5)` (lr positionally) or
 * `Adadelta(params, {lr: 0.5, rho: 0.9})` (keyword arguments as one options object), with an
 * unknown key raising PyTorch's "unexpected keyword argument" TypeError.
 */
import { checkOptions } from '@torchlet/core/internal';

/** The options object an optimizer reads: a positional lr merged into the keyword options. */
export function optimizerOptions<O extends { lr: number }>(
  name: string, lrOrOptions: number | Partial<O> | undefined, options: Partial<O> | undefined, known: readonly string[],
): Partial<O> {
  if (typeof lrOrOptions === 'number') {
    checkOptions(name, options, known);
    if (options !== undefined && 'lr' in options) throw new TypeError(`${name}() got multiple values for argument 'lr'`);
    return Object.assign({}, options, { lr: lrOrOptions });
  }
  if (lrOrOptions !== undefined && (typeof lrOrOptions !== 'object' || lrOrOptions === null || Array.isArray(lrOrOptions))) {
    throw new TypeError(`${name}(): argument 'lr' must be a number or an options object, got ${lrOrOptions === null ? 'null' : Array.isArray(lrOrOptions) ? 'an array' : typeof lrOrOptions}`);
  }
  if (options !== undefined) throw new TypeError(`${name}(): options follow a positional lr only; pass { lr, ... } as one object`);
  checkOptions(name, lrOrOptions, known);
  return Object.assign({}, lrOrOptions);
}
