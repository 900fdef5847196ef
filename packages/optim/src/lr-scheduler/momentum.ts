/** Helpers of the momentum-cycling schedulers: set a group's momentum (SGD/RMSprop `momentum`, or beta1 of Adam's `betas`), per-group values. */
import type { ParamGroup } from '../optimizer';

export function hasOption(defaults: object, key: string): boolean {
  return key in defaults;
}

/** Sets the group's momentum, or beta1 of its betas (keeping beta2) when `useBeta1`. */
export function setMomentum(group: ParamGroup, m: number, useBeta1: boolean): void {
  if (useBeta1) {
    const v: unknown = Reflect.get(group, 'betas');
    const rest: unknown[] = Array.isArray(v) ? v.slice(1) : [];
    Reflect.set(group, 'betas', [m, ...rest]);
  } else {
    Reflect.set(group, 'momentum', m);
  }
}

/** PyTorch's `_format_param`: one value per group, from a list or a single value. */
export function perGroup(name: string, groups: number, param: number | readonly number[]): number[] {
  if (typeof param === 'number') return new Array<number>(groups).fill(param);
  if (param.length !== groups) throw new RangeError(`expected ${groups} values for ${name}, got ${param.length}`);
  return param.slice();
}
