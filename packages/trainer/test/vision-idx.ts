/** Test helpers: MNIST-style IDX files (big-endian header, uint8 elements), written to a folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function idx(shape: readonly number[], values: ArrayLike<number>, magic = 0x800 + shape.length): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint32(0, magic, false);
  shape.forEach((n, i) => header.setUint32(4 + 4 * i, n, false));
  const out = new Uint8Array(header.byteLength + values.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(Uint8Array.from(values), header.byteLength);
  return out;
}

/** n images of 28x28 (pixel j of image i is (7 * i + j) % 256) and labels i % 10. */
export function splitFiles(n: number): { images: Uint8Array; labels: Uint8Array } {
  const px = Array.from({ length: n * 784 }, (_, k) => (7 * Math.floor(k / 784) + (k % 784)) % 256);
  return { images: idx([n, 28, 28], px), labels: idx([n], Array.from({ length: n }, (_, i) => i % 10)) };
}

/** Writes root/<name>/raw/{train,t10k}-*-ubyte (gzip-compressed with `.gz` when `gz`). */
export function writeDataset(root: string, name: string, sizes: { train: number; t10k: number }, gz = false): string {
  const raw = join(root, name, 'raw');
  mkdirSync(raw, { recursive: true });
  for (const split of ['train', 't10k'] as const) {
    const { images, labels } = splitFiles(sizes[split]);
    const write = (file: string, bytes: Uint8Array): void => writeFileSync(join(raw, gz ? `${file}.gz` : file), gz ? gzipSync(bytes) : bytes);
    write(`${split}-images-idx3-ubyte`, images);
    write(`${split}-labels-idx1-ubyte`, labels);
  }
  return raw;
}
