/** Reading and writing a group's momentum (SGD/RMSprop `momentum`, or beta1 of Adam's `betas`). */
import type { ParamGroup } from '../optimizer';

export function hasOption(defaults: object, key: string): boolean {
  return key in defaults;
}

/** The group's momentum, or beta1 when `useBeta1`. */
export function getMomentum(group: ParamGroup, useBeta1: boolean): number {
  const v: unknown = Reflect.get(group, useBeta1 ? 'betas' : 'momentum');
  const m: unknown = useBeta1 && Array.isArray(v) ? v[0] : v;
  if (typeof m !== 'number') throw new TypeError(`param group has no numeric ${useBeta1 ? 'betas' : 'momentum'}`);
  return m;
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
