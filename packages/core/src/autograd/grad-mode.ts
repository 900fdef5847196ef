/** Global grad mode, as torch.no_grad / torch.enable_grad / torch.set_grad_enabled. */
import { pyTypeName } from '../shape';

let enabled = true;

/**
 * Whether autograd records operations now: false inside noGrad / inferenceMode, or after setGradEnabled(false) (torch.is_grad_enabled).
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/** torch.set_grad_enabled(mode): mode must be a boolean (a string like 'no' would read as true). */
export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`enabled must be a bool (got ${pyTypeName(mode)})`);
  enabled = mode;
}

/** The mode is global and restored when fn returns: code after an `await` would run outside it. */
function asyncError(name: string, mode: boolean): TypeError {
  return new TypeError(
    `${name}() takes a synchronous function: the grad mode is restored when it returns, so code after an await ` +
    `would run with gradients ${mode ? 'off' : 'on'} again. Call setGradEnabled(${String(mode)}) before the awaited ` +
    `code and restore it with setGradEnabled(prev) in a finally block (prev = isGradEnabled()) instead.`,
  );
}

function isThenable(v: unknown): boolean {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function withMode<T>(name: string, mode: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`${name}() expects a function, got ${pyTypeName(fn)}`);
  // Async functions are refused before they run, so nothing is recorded in the wrong mode.
  if (fn.constructor.name === 'AsyncFunction' || fn.constructor.name === 'AsyncGeneratorFunction') throw asyncError(name, mode);
  const prev = enabled;
  enabled = mode;
  let out: T;
  try {
    out = fn();
  } finally {
    enabled = prev;
  }
  // A plain function returning a promise: its continuations escape the mode too.
  if (isThenable(out)) {
    // Marked handled: the TypeError below is the failure to report, not a later rejection.
    (out as PromiseLike<unknown>).then(undefined, () => undefined);
    throw asyncError(name, mode);
  }
  return out;
}

/**
 * Runs `fn` with gradient recording off, like `with torch.no_grad():`. `fn` must be synchronous.
 * @example noGrad(() => { W.sub_(W.grad!.mul(lr)); W.grad!.zero_(); });
 */
export function noGrad<T>(fn: () => T): T {
  return withMode('noGrad', false, fn);
}

/** Runs `fn` with gradient recording on, even inside noGrad. `fn` must be synchronous. */
export function enableGrad<T>(fn: () => T): T {
  return withMode('enableGrad', true, fn);
}
