/**
 * PyTorch's argument forms for reductions and other dim-taking ops: positional values in PyTorch's
 * order, then optionally one options object holding the rest by name (the keyword arguments).
 * `x.sum(1, true)`, `x.sum(1, {keepdim: true})` and `x.sum({dim: 1, keepdim: true})` are one call.
 * Checked at every call without allocating: the common path is a few typeof tests.
 */
import { Tensor } from '../tensor';
import { checkOptions } from '../options';
import { pyTypeName } from '../shape';

/** What a positional slot accepts. */
export type ArgKind = 'dim' | 'dims' | 'bool' | 'dtype' | 'p' | 'number';

/** A function's trailing arguments: names and kinds of its positional slots, and every keyword it knows. */
export interface ArgSig {
  readonly fn: string;
  readonly names: readonly string[];
  readonly kinds: readonly ArgKind[];
  /** Every keyword the options object may hold (the positional names included). */
  readonly keys: readonly string[];
  /** One PyTorch overload: a bad value names its argument; otherwise "invalid combination". */
  readonly single?: boolean;
  /** How many leading slots must be given (softmax's dim). */
  readonly required?: number;
}

export type Kw = Readonly<Record<string, unknown>>;

/** An options object: a plain object, never a Tensor or an array. */
export function isKw(v: unknown): v is Kw {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
}

function isIntNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function fits(kind: ArgKind, v: unknown): boolean {
  if (v === undefined) return true;
  switch (kind) {
    case 'dim': return isIntNumber(v);
    case 'dims':
      if (v === null || isIntNumber(v)) return true;
      if (!Array.isArray(v)) return false;
      for (const d of v as readonly unknown[]) if (!isIntNumber(d)) return false;
      return true;
    case 'bool': return typeof v === 'boolean';
    case 'dtype': return v === null || typeof v === 'string';
    case 'p': return v === null || typeof v === 'number' || typeof v === 'string';
    case 'number': return typeof v === 'number';
  }
}

const KIND_WORDS: Record<ArgKind, string> = {
  dim: 'int', dims: 'tuple of ints', bool: 'bool', dtype: 'torch.dtype', p: 'Number', number: 'float',
};

function argTypeName(v: unknown): string {
  if (v instanceof Tensor) return 'Tensor';
  if (Array.isArray(v)) return 'tuple';
  return pyTypeName(v);
}

/** The accepted form, as PyTorch lists its overloads: ` * (tuple of ints dim, bool keepdim, *, dtype)`. */
function formText(sig: ArgSig): string {
  const pos = sig.names.map((n, i) => `${KIND_WORDS[sig.kinds[i]!]} ${n}`);
  const kwOnly = sig.keys.filter((k) => !sig.names.includes(k));
  return ` * (${[...pos, ...(kwOnly.length > 0 ? ['*', ...kwOnly] : [])].join(', ')})`;
}

/** PyTorch's TypeError for arguments that match none of a function's overloads. */
export function invalidCombination(sig: ArgSig, positional: readonly unknown[], kw: Kw | undefined): TypeError {
  let end = positional.length;
  while (end > 0 && positional[end - 1] === undefined) end--;
  const got = positional.slice(0, end).filter((v) => v !== kw).map(argTypeName);
  if (kw !== undefined) for (const k of Object.keys(kw)) got.push(`${k}=${argTypeName(kw[k])}`);
  return new TypeError(`${sig.fn}() received an invalid combination of arguments - got (${got.join(', ')}), but expected one of:\n${formText(sig)}`);
}

function badArg(sig: ArgSig, i: number, v: unknown, positional: readonly unknown[], kw: Kw | undefined): TypeError {
  if (!sig.single) return invalidCombination(sig, positional, kw);
  const where = positional[i] === v ? ` (position ${i + 1})` : '';
  return new TypeError(`${sig.fn}(): argument '${sig.names[i]}'${where} must be ${KIND_WORDS[sig.kinds[i]!]}, not ${argTypeName(v)}`);
}

/**
 * Checks the trailing arguments `a, b, c, d` (what follows the tensor) against `sig` and returns
 * the options object, if one was given. Read each value with `pick(slot, kw, name)`.
 * Raises PyTorch's TypeErrors: an unknown keyword (with the nearest known one), a value of the
 * wrong type, a name given both positionally and by keyword, more positional values than slots.
 */
export function parseArgs(sig: ArgSig, a: unknown, b?: unknown, c?: unknown, d?: unknown): Kw | undefined {
  const n = d !== undefined ? 4 : c !== undefined ? 3 : b !== undefined ? 2 : a !== undefined ? 1 : 0;
  if (n === 0) {
    if (sig.required !== undefined) throw invalidCombination(sig, [], undefined);
    return undefined;
  }
  const last = n === 4 ? d : n === 3 ? c : n === 2 ? b : a;
  const kw = isKw(last) ? last : undefined;
  const npos = kw === undefined ? n : n - 1;
  if (npos > sig.names.length) throw invalidCombination(sig, [a, b, c, d], kw);
  for (let i = 0; i < npos; i++) {
    const v = i === 0 ? a : i === 1 ? b : i === 2 ? c : d;
    if (!fits(sig.kinds[i]!, v)) throw badArg(sig, i, v, [a, b, c, d], kw);
  }
  if (sig.required !== undefined && npos < sig.required && (kw === undefined || kw[sig.names[npos]!] === undefined)) {
    throw invalidCombination(sig, [a, b, c, d], kw);
  }
  if (kw !== undefined) {
    for (const key in kw) {
      if (!sig.keys.includes(key)) checkOptions(sig.fn, kw, sig.keys);
      const i = sig.names.indexOf(key);
      if (i < 0) continue;
      if (i < npos) throw invalidCombination(sig, [a, b, c, d], kw);
      if (!fits(sig.kinds[i]!, kw[key])) throw badArg(sig, i, kw[key], [a, b, c, d], kw);
    }
  }
  return kw;
}

/** The value of a slot: given positionally, else the keyword of that name (undefined when absent). */
export function pick(slot: unknown, kw: Kw | undefined, name: string): unknown {
  return slot === undefined || slot === kw ? kw?.[name] : slot;
}
