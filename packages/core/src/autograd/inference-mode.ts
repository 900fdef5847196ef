/**
 * torch.inference_mode: gradient recording off for the call, as noGrad, and
 * isInferenceModeEnabled() true inside. Tensors made inside are ordinary tensors that do not
 * require grad (torchlet has no separate inference-tensor kind).
 */
import { pyTypeName } from '../shape';
import { noGrad } from './grad-mode';

let inference = false;

/** Whether code runs inside inferenceMode(). */
export function isInferenceModeEnabled(): boolean {
  return inference;
}

/**
 * Runs `fn` with autograd off, like `with torch.inference_mode():`; `inferenceMode(false, fn)`
 * runs it normally. `fn` must be synchronous.
 * @example const logits = inferenceMode(() => model.forward(x));
 */
export function inferenceMode<T>(fn: () => T): T;
export function inferenceMode<T>(mode: boolean, fn: () => T): T;
export function inferenceMode<T>(a: boolean | (() => T), b?: () => T): T {
  const mode = typeof a === 'function' ? true : a;
  const fn = typeof a === 'function' ? a : b;
  if (typeof mode !== 'boolean') throw new TypeError(`inference_mode(): mode must be a bool (got ${pyTypeName(mode)})`);
  if (typeof fn !== 'function') throw new TypeError(`inferenceMode() expects a function, got ${pyTypeName(fn)}`);
  const prev = inference;
  inference = mode;
  try {
    // inference_mode(False) does not turn grad mode on: it leaves it as it was.
    return mode ? noGrad(fn) : fn();
  } finally {
    inference = prev;
  }
}
