/** Python-style text for reprs and error messages: PyTorch formats with Python's str(). */
import { Tensor, type DType } from '@torchlet/core';
import { pyFloat, pyNumber, pyTuple } from '@torchlet/core/internal';

export { pyFloat, pyNumber, pyTuple };

/** A constructor argument as Python prints it: ints, tuples, strings, True/False, None. */
export function pyValue(v: number | readonly number[] | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return pyNumber(v);
  return pyTuple(v);
}

/** `torch.Size([5, 2])`. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** `torch.float32` as PyTorch names dtypes. */
export function torchDtype(d: DType): string {
  return d === 'int32' ? 'torch.int32' : `torch.${d}`;
}

const LEGACY: Record<DType, string> = {
  float32: 'torch.FloatTensor', float64: 'torch.DoubleTensor', int32: 'torch.IntTensor', int64: 'torch.LongTensor', bool: 'torch.BoolTensor',
  float16: 'torch.HalfTensor', bfloat16: 'torch.BFloat16Tensor', uint8: 'torch.ByteTensor', int8: 'torch.CharTensor', int16: 'torch.ShortTensor',
};

/** torch.typename(v): `torch.FloatTensor` for tensors, Python-ish names for other values. */
export function typeName(v: unknown): string {
  if (v instanceof Tensor) return LEGACY[v.dtype];
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'object' || typeof v === 'function') {
    const ctor: unknown = Reflect.get(v, 'constructor');
    if (typeof ctor === 'function' && ctor.name) return ctor.name;
  }
  return typeof v;
}

/** PyTorch's Module.__repr__: `Name(extra)` or the extra lines and `(child): repr` lines indented. */
export function moduleRepr(name: string, extra: string, children: readonly (readonly [string, string])[]): string {
  const extraLines = extra ? extra.split('\n') : [];
  const childLines = children.map(([key, text]) => `(${key}): ${addIndent(text, 2)}`);
  const lines = [...extraLines, ...childLines];
  let main = `${name}(`;
  if (lines.length > 0) {
    main += extraLines.length === 1 && childLines.length === 0 ? extraLines[0]! : `\n  ${lines.join('\n  ')}\n`;
  }
  return `${main})`;
}

/** PyTorch's _addindent: indents every line but the first. */
export function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return [lines[0]!, ...lines.slice(1).map((l) => pad + l)].join('\n');
}
