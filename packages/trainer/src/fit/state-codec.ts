/**
 * Splits nested training state (optimizer and scheduler state dicts, partial-epoch sums) into
 * JSON and named tensors, and joins them back: tensors go into the safetensors body, the rest
 * into its metadata.
 */
import { Tensor } from '@torchlet/core';

const TENSOR_REF = '__tensor__';
const BYTES_REF = '__bytes__';
const NUMBER_REF = '__number__';

/** Base64 through btoa/atob (in browsers and Node alike), in chunks that stay within the argument limit. */
function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(b64: string): Uint8Array {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Replaces tensors by `{__tensor__: name}` (collected into `tensors` under `prefix.path`). */
export function encodeState(value: unknown, prefix: string, tensors: Record<string, Tensor>): unknown {
  if (value instanceof Tensor) {
    tensors[prefix] = value.detach().contiguous();
    return { [TENSOR_REF]: prefix };
  }
  if (value instanceof Uint8Array) return { [BYTES_REF]: toBase64(value) };
  if (typeof value === 'number' && !Number.isFinite(value)) return { [NUMBER_REF]: String(value) };
  if (Array.isArray(value)) return value.map((v, i) => encodeState(v, `${prefix}.${i}`, tensors));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeState(v, `${prefix}.${k}`, tensors);
    return out;
  }
  return value;
}

/** The inverse of {@link encodeState}. */
export function decodeState(value: unknown, tensors: Record<string, Tensor>): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeState(v, tensors));
  if (typeof value === 'object' && value !== null) {
    const rec = value as Record<string, unknown>;
    const keys = Object.keys(rec);
    if (keys.length === 1 && typeof rec[TENSOR_REF] === 'string') {
      const t = tensors[rec[TENSOR_REF]];
      if (t === undefined) throw new Error(`checkpoint is missing the tensor '${rec[TENSOR_REF]}'`);
      return t;
    }
    if (keys.length === 1 && typeof rec[BYTES_REF] === 'string') return fromBase64(rec[BYTES_REF]);
    if (keys.length === 1 && typeof rec[NUMBER_REF] === 'string') return Number(rec[NUMBER_REF]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) out[k] = decodeState(v, tensors);
    return out;
  }
  return value;
}
