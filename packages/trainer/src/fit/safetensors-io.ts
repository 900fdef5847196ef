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
  return deserializeWithMetadata(bytes);
}
