/**
 * What the profile scripts (w2-, w4-, w5-profile.ts) share: TRACE=1's per-kernel timer around the
 * current backend, its printout, and HASH=1's hash of the trained parameters' bits.
 */
import * as core from '@torchlet/core';
import { getBackend } from '@torchlet/core/backend';
import { createHash } from 'node:crypto';

/** Total ms and call count per kernel kind. */
export type TraceTimes = Map<string, [number, number]>;

/** The default key: the method, and the op name for methods that take one first (`binary:mul`). */
function methodKey(name: string, args: unknown[]): string {
  return typeof args[0] === 'string' ? `${name}:${args[0]}` : name;
}

/** Wraps every method of the current backend to add its wall time under `keyOf(method, args)`. */
export function traceBackend(keyOf: (name: string, args: unknown[]) => string = methodKey): TraceTimes {
  const b = getBackend(core.backendName()) as unknown as Record<string, unknown>;
  const times: TraceTimes = new Map();
  for (const [name, fn] of Object.entries(b)) {
    if (typeof fn !== 'function') continue;
    b[name] = (...args: unknown[]): unknown => {
      const key = keyOf(name, args);
      const t = performance.now();
      const r: unknown = (fn as (...a: unknown[]) => unknown)(...args);
      const e = times.get(key) ?? [0, 0];
      e[0] += performance.now() - t;
      e[1]++;
      times.set(key, e);
      return r;
    };
  }
  return times;
}

/** The 25 costliest kernel kinds over `steps` steps of `msPerStep` each (unit: 'ms' or 'us' per step). */
export function printTrace(times: TraceTimes, steps: number, msPerStep: number, unit: 'ms' | 'us' = 'ms'): void {
  const rows = [...times].sort((p, q) => q[1][0] - p[1][0]).slice(0, 25);
  for (const [k, [t, c]] of rows) {
    const per = unit === 'ms' ? (t / steps).toFixed(2).padStart(8) : (t * 1000 / steps).toFixed(0).padStart(7);
    console.log(`${per} ${unit}/step ${(100 * t / steps / msPerStep).toFixed(1).padStart(5)}% ${String(c / steps).padStart(5)} calls ${k}`);
  }
}

/** The first 16 hex digits of a sha256 over every parameter's float32 bits: equal on two backends = bit-identical training. */
export function parametersHash(params: readonly core.Tensor[]): string {
  const h = createHash('sha256');
  for (const p of params) h.update(Buffer.from((p.toTypedArray() as Float32Array).buffer));
  return h.digest('hex').slice(0, 16);
}
