/**
 * float16 and bfloat16 on the host: elements are 16-bit patterns in a Uint16Array (no other dtype
 * uses one). Values convert through float32, as c10::Half and c10::BFloat16 do: a double is first
 * rounded to float32, then to 16 bits with round-to-nearest-even (subnormals, +-inf and NaN kept).
 */
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Round half to even of a non-negative double. */
function rint(x: number): number {
  const f = Math.floor(x), d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/** The float16 bit pattern nearest to v (as c10's fp16_ieee_from_fp32_value: NaN becomes 0x7E00 with v's sign). */
export function float16Bits(v: number): number {
  F32[0] = v;
  const x = U32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff, mant = x & 0x7fffff;
  if (exp === 0xff) return sign | (mant !== 0 ? 0x7e00 : 0x7c00);
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 0x1f) return sign | 0x7c00;
  // Below float16's normals: a count of 2^-24 units, rounded (1024 is the smallest normal's pattern).
  if (e <= 0) return sign | rint(Math.abs(F32[0]) * 16777216);
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++; // a carry rounds up into the exponent (to inf past 65504)
  return sign | h;
}

let f16Table: Float32Array | undefined;
/** Every float16 pattern's value, built on first use (256 KB). */
function float16Table(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
    const mag = exp === 0 ? mant * 2 ** -24 : exp === 0x1f ? (mant !== 0 ? NaN : Infinity) : (1024 + mant) * 2 ** (exp - 25);
    t[h] = (h & 0x8000) !== 0 ? -mag : mag;
  }
  return (f16Table = t);
}

/** The value of a float16 bit pattern. */
export function float16Value(bits: number): number {
  return float16Table()[bits & 0xffff]!;
}

/** The bfloat16 bit pattern nearest to v: float32's top 16 bits, rounded to nearest even (NaN is 0x7FC0, as c10). */
export function bfloat16Bits(v: number): number {
  F32[0] = v;
  if (Number.isNaN(F32[0])) return 0x7fc0;
  const x = U32[0]!;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}

/** The value of a bfloat16 bit pattern. */
export function bfloat16Value(bits: number): number {
  U32[0] = (bits & 0xffff) << 16;
  return F32[0]!;
}

/** Whether a dtype is stored as 16-bit patterns. */
export function isHalfType(dtype: string): dtype is 'float16' | 'bfloat16' {
  return dtype === 'float16' || dtype === 'bfloat16';
}

/** v as a float16 / bfloat16 element holds it (the rounded value, a number). */
export function roundHalf(dtype: 'float16' | 'bfloat16', v: number): number {
  return dtype === 'float16' ? float16Value(float16Bits(v)) : bfloat16Value(bfloat16Bits(v));
}

/** Bit patterns of a half dtype to their values in a new Float32Array. */
export function decodeHalf(dtype: 'float16' | 'bfloat16', bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  if (dtype === 'float16') {
    const t = float16Table();
    for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
  } else {
    new Uint32Array(out.buffer).set(bits);
    const u = new Uint32Array(out.buffer);
    for (let i = 0; i < u.length; i++) u[i] = u[i]! << 16;
  }
  return out;
}

/** Values (any typed array of numbers) to a half dtype's bit patterns, into `out` (a new array by default). */
export function encodeHalf(dtype: 'float16' | 'bfloat16', values: ArrayLike<number>, out: Uint16Array = new Uint16Array(values.length)): Uint16Array {
  const conv = dtype === 'float16' ? float16Bits : bfloat16Bits;
  for (let i = 0; i < values.length; i++) out[i] = conv(values[i]!);
  return out;
}

/**
 * Random fills in a half dtype: torch 1.13's CPU draws for float16/bfloat16 follow other paths
 * than float32 then a cast (they agree only below 16 elements), so torchlet does not guess them.
 */
export function halfRandomError(fn: string, dtype: string): TypeError {
  return new TypeError(`${fn}: random fills in ${dtype} are not supported: draw float32 and convert, e.g. torch.randn(shape).to('${dtype}')`);
}
