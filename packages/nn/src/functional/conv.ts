/** Functional convolution, transposed convolution, padding and pixel shuffling (PyTorch's F.conv*, F.pad, F.pixel_*). */
import type { Tensor } from '@torchlet/core';
import { bindOptions, checkOptions, nnOps, type PyArgs } from '@torchlet/core/internal';

/** F.pad's modes: 'constant', 'reflect', 'replicate' or 'circular'. */
export type PadMode = nnOps.PadMode;
/**
 * F.conv1d/2d/3d's keyword arguments: stride, padding (a number, per-dim list, 'same' or 'valid'),
 * dilation, groups.
 */
export type ConvOptions = nnOps.ConvOptions;
/** F.conv_transpose1d/2d/3d's keyword arguments: stride, padding, outputPadding, groups, dilation. */
export type ConvTransposeOptions = nnOps.ConvTransposeOptions;

/** F.pad's keyword arguments. */
export interface PadOptions {
  /** 'constant' (default), 'reflect', 'replicate' or 'circular'. */
  mode?: PadMode;
  /** The fill value of 'constant' padding (the other modes take none). */
  value?: number | null;
}

/**
 * Pads the last dims: `pad` lists [left, right, top, bottom, ...] from the last dim backwards;
 * negative entries crop. Mode and value positionally as in PyTorch, or as an options object.
 * @example pad(x, [1, 1, 2, 0], 'constant', 0)
 * @example pad(x, [2, 2], { mode: 'reflect' })
 */
export function pad(input: Tensor, padding: readonly number[], mode: PadMode | PadOptions = 'constant', value?: number | null): Tensor {
  if (typeof mode === 'object' && mode !== null) {
    checkOptions('pad', mode, ['mode', 'value']);
    return nnOps.pad(input, padding, mode.mode ?? 'constant', mode.value);
  }
  return nnOps.pad(input, padding, mode, value);
}

type IntList = number | readonly number[];
/** PyTorch's order: conv2d(input, weight, bias, stride, padding, dilation, groups). */
const CONV_KEYS: (keyof ConvOptions)[] = ['stride', 'padding', 'dilation', 'groups'];
/**
 * conv's optional arguments after the bias: positional in PyTorch's order (stride, padding, dilation,
 * groups) or one options object.
 */
export type ConvArgs = PyArgs<[stride: IntList, padding: IntList | 'same' | 'valid', dilation: IntList, groups: number], ConvOptions>;
/** PyTorch's order: conv_transpose2d(input, weight, bias, stride, padding, output_padding, groups, dilation). */
const TRANSPOSE_KEYS: (keyof ConvTransposeOptions)[] = ['stride', 'padding', 'outputPadding', 'groups', 'dilation'];
/**
 * conv_transpose's optional arguments after the bias: positional in PyTorch's order (stride, padding,
 * outputPadding, groups, dilation) or one options object.
 */
export type ConvTransposeArgs = PyArgs<[stride: IntList, padding: IntList, outputPadding: IntList, groups: number, dilation: IntList], ConvTransposeOptions>;

/** The bias and the bound options: no extra arguments (the layers' per-step call) costs no allocation. */
function convOptions<O extends object>(fn: string, keys: readonly (keyof O & string)[], args: readonly unknown[]): O | undefined {
  return args.length === 0 ? undefined : bindOptions<O>(fn, keys, args, 3);
}

/** 1-D convolution: input [N, C, L] (or [C, L]), weight [O, C/groups, k]. @example conv1d(x, w, b, { padding: 'same' }) */
export function conv1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvArgs): Tensor {
  return nnOps.conv1d(input, weight, bias, convOptions<ConvOptions>('conv1d', CONV_KEYS, args));
}

/**
 * 2-D convolution (cross-correlation), PyTorch's layout [N, C, H, W] and weight [O, C/groups, kh, kw].
 * @example conv2d(x, w, b, { stride: 2, padding: 1 }); conv2d(x, w, b, 2, 1) // the same
 */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvArgs): Tensor {
  return nnOps.conv2d(input, weight, bias, convOptions<ConvOptions>('conv2d', CONV_KEYS, args));
}

/** 3-D convolution: input [N, C, D, H, W] (or unbatched), weight [O, C/groups, kd, kh, kw]. @example conv3d(x, w, null, { stride: [1, 2, 2] }) */
export function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvArgs): Tensor {
  return nnOps.conv3d(input, weight, bias, convOptions<ConvOptions>('conv3d', CONV_KEYS, args));
}

/**
 * Transposed 1-D convolution (conv1d's input gradient): weight [Cin, Cout/groups, k].
 * @example convTranspose1d(x, w, b, { stride: 2, outputPadding: 1 }) // [N, Cin, L] -> [N, Cout, 2L - 1 + k - 1]
 */
export function convTranspose1d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvTransposeArgs): Tensor {
  return nnOps.convTranspose1d(input, weight, bias, convOptions<ConvTransposeOptions>('conv_transpose1d', TRANSPOSE_KEYS, args));
}

/** Transposed 2-D convolution: weight [Cin, Cout/groups, kh, kw]. @example convTranspose2d(x, w, null, { stride: 2, padding: 1 }) */
export function convTranspose2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvTransposeArgs): Tensor {
  return nnOps.convTranspose2d(input, weight, bias, convOptions<ConvTransposeOptions>('conv_transpose2d', TRANSPOSE_KEYS, args));
}

/** Transposed 3-D convolution: weight [Cin, Cout/groups, kd, kh, kw]. @example convTranspose3d(x, w, b, { groups: 2 }) */
export function convTranspose3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, ...args: ConvTransposeArgs): Tensor {
  return nnOps.convTranspose3d(input, weight, bias, convOptions<ConvTransposeOptions>('conv_transpose3d', TRANSPOSE_KEYS, args));
}

/**
 * Rearranges [*, C*r*r, H, W] into [*, C, H*r, W*r].
 * @example pixelShuffle(x, 2) // [1, 8, 3, 3] -> [1, 2, 6, 6]
 */
export function pixelShuffle(input: Tensor, upscaleFactor: number): Tensor {
  return nnOps.pixelShuffle(input, upscaleFactor);
}

/**
 * Rearranges [*, C, H*r, W*r] into [*, C*r*r, H, W] (pixelShuffle's inverse).
 * @example pixelUnshuffle(x, 2) // [1, 2, 6, 6] -> [1, 8, 3, 3]
 */
export function pixelUnshuffle(input: Tensor, downscaleFactor: number): Tensor {
  return nnOps.pixelUnshuffle(input, downscaleFactor);
}
