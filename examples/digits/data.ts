/**
 * The 8x8 handwritten digits that scikit-learn ships (1,797 images, 64 pixels valued 0..16, and
 * the digit), read from data/digits.csv.gz (a copy, BSD licence: see data/LICENSE).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as torch from 'torchlet';

export const DIGITS_PATH = join(__dirname, 'data', 'digits.csv.gz');

export interface Digits {
  /** [1797, 64] float32 pixels, 0..16. */
  images: torch.Tensor;
  /** [1797] int32 digits 0..9. */
  labels: torch.Tensor;
}

/** Parses the CSV (64 pixel columns then the label), checking every row. */
export function loadDigits(path = DIGITS_PATH): Digits {
  const rows = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
  const pixels = new Float32Array(rows.length * 64);
  const labels = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== 65 || cells.some((v) => !Number.isInteger(v) || v < 0 || v > 16)) {
      throw new Error(`${path}: row ${i + 1} is not 64 pixels in 0..16 and a label`);
    }
    pixels.set(cells.slice(0, 64), i * 64);
    labels[i] = cells[64]!;
  });
  return { images: torch.tensor(pixels).reshape(rows.length, 64), labels: torch.tensor(labels) };
}
