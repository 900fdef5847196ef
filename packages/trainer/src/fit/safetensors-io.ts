/** The checkpoint's container: safetensors bytes (tensors plus string metadata), via @torchlet/nn. */
import type { Tensor } from '@torchlet/core';
import { deserializeWithMetadata, serialize } from '@torchlet/nn';

export interface SafetensorsContent {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

export function writeSafetensors(tensors: Record<string, Tensor>, metadata: Record<string, string>): Uint8Array {
  return serialize(tensors, { metadata });
}

export function readSafetensors(bytes: Uint8Array): SafetensorsContent {
  // A plain Uint8Array view: a Node Buffer's slice() is a view, not the copy the reader may expect.
  return deserializeWithMetadata(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
