/**
 * F.pixel_shuffle / F.pixel_unshuffle: a view, a permute and one copy each. They are each
 * other's inverse (and adjoint: a permutation), so each node's gradient is the other op.
 */
import { noGrad } from '../../autograd/grad-mode';
import { needsGrad, record } from '../../autograd/record';
import type { Tensor } from '../../tensor';

function check(name: string, x: Tensor, factor: number, factorName: string): void {
  if (!Number.isInteger(factor)) throw new TypeError(`${name}(): argument '${factorName}' (position 2) must be int, not float`);
  if (x.shape.length < 3) throw new Error(`${name} expects input to have at least 3 dimensions, but got input with ${x.shape.length} dimension(s)`);
  if (factor <= 0) throw new Error(`${name} expects a positive ${factorName}, but got ${factor}`);
}

/** The permuted copy, or a plain copy for factor 1 (PyTorch returns a new tensor either way). */
function copyOf(permuted: Tensor, x: Tensor, factor: number, shape: number[]): Tensor {
  // clone, not contiguous(): an already-contiguous (e.g. empty) view would come back shared.
  return noGrad(() => (factor === 1 ? x : permuted).clone().reshape(shape));
}

/**
 * [*, C*r*r, H, W] -> [*, C, H*r, W*r] (PixelShuffleBackward0).
 * @example pixelShuffle(x, 2) // x [1, 8, 3, 3] -> [1, 2, 6, 6]
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  check('pixel_shuffle', input, upscaleFactor, 'upscale_factor');
  const r = upscaleFactor, nd = input.shape.length;
  const lead = input.shape.slice(0, nd - 3);
  const [c, h, w] = input.shape.slice(nd - 3) as [number, number, number];
  if (c % (r * r) !== 0) {
    throw new Error(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`);
  }
  const oc = c / (r * r), b = lead.length;
  const permuted = noGrad(() => input.reshape([...lead, oc, r, r, h, w])
    .permute(...lead.map((_, i) => i), b, b + 3, b + 1, b + 4, b + 2));
  const out = copyOf(permuted, input, r, [...lead, oc, h * r, w * r]);
  if (needsGrad(input)) record(out, 'PixelShuffleBackward0', [input], [], null, (g) => [pixelUnshuffle(g, r)]);
  return out;
}

/**
 * [*, C, H*r, W*r] -> [*, C*r*r, H, W] (PixelUnshuffleBackward0).
 * @example pixelUnshuffle(x, 2) // x [1, 2, 6, 6] -> [1, 8, 3, 3]
 */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  check('pixel_unshuffle', input, downscaleFactor, 'downscale_factor');
  const r = downscaleFactor, nd = input.shape.length;
  const lead = input.shape.slice(0, nd - 3);
  const [c, h, w] = input.shape.slice(nd - 3) as [number, number, number];
  if (h % r !== 0) throw new Error(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new Error(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  const oh = h / r, ow = w / r, b = lead.length;
  const permuted = noGrad(() => input.reshape([...lead, c, oh, r, ow, r])
    .permute(...lead.map((_, i) => i), b, b + 2, b + 4, b + 1, b + 3));
  const out = copyOf(permuted, input, r, [...lead, c * r * r, oh, ow]);
  if (needsGrad(input)) record(out, 'PixelUnshuffleBackward0', [input], [], null, (g) => [pixelShuffle(g, r)]);
  return out;
}
