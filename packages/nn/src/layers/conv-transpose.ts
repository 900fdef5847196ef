/**
 * ConvTranspose1d/2d/3d: the gradient of a convolution w.r.t. its input, as a layer. Weight
 * [in, out/groups, *kernel] (PyTorch's _ConvNd with transposed=True: same init draws);
 * forward(input, outputSize) picks the output padding that yields outputSize.
 */
import type { DType, DeviceSpec, Tensor } from '@torchlet/core';
import { bindOptions, type PyArgs } from '@torchlet/core/internal';
import * as F from '../functional/index';
import { ConvNd, type PaddingMode } from './conv';

type IntList = number | readonly number[];

/** ConvTranspose1d/2d/3d's keyword arguments (PyTorch's names, camelCased). */
export interface ConvTransposeLayerOptions {
  /** Stride, one number or one per spatial dim (default 1). */
  stride?: IntList;
  /** dilation * (kernelSize - 1) - padding zeros are added to both sides of the input (default 0). */
  padding?: IntList;
  /** Extra size added to one side of each output dim, less than stride or dilation (default 0). */
  outputPadding?: IntList;
  /** Blocked connections from input to output channels (default 1). */
  groups?: number;
  /** Add a learnable bias (default true). */
  bias?: boolean;
  /** Spacing between kernel elements (default 1). */
  dilation?: IntList;
  /** Only 'zeros' (PyTorch raises for the others). */
  paddingMode?: PaddingMode;
  /** dtype of the parameters (default the default dtype). */
  dtype?: DType;
  /** Device of the parameters (default the default device). */
  device?: DeviceSpec;
}
/** PyTorch's order after the kernel size: (stride, padding, output_padding, groups, bias, dilation, padding_mode, device, dtype). */
const KEYS: (keyof ConvTransposeLayerOptions)[] = ['stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode', 'device', 'dtype'];
export type ConvTransposeLayerArgs = PyArgs<[
  stride: IntList, padding: IntList, outputPadding: IntList, groups: number, bias: boolean, dilation: IntList, paddingMode: PaddingMode,
], ConvTransposeLayerOptions>;

const spread = (v: IntList, n: number): number[] => (typeof v === 'number' ? new Array<number>(n).fill(v) : v.length === 1 ? new Array<number>(n).fill(v[0]!) : v.slice());

abstract class ConvTransposeNd extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntList, dims: number, opts: ConvTransposeLayerOptions) {
    if ((opts.paddingMode ?? 'zeros') !== 'zeros') throw new Error(`Only "zeros" padding mode is supported for ConvTranspose${dims}d`);
    if (typeof opts.padding === 'string') throw new TypeError(`conv_transpose${dims}d(): argument 'padding' must be tuple of ints, not str`);
    super(inChannels, outChannels, kernelSize, { dims, transposed: true, outputPadding: spread(opts.outputPadding ?? 0, dims) }, {
      stride: opts.stride, padding: opts.padding, dilation: opts.dilation, groups: opts.groups, bias: opts.bias, dtype: opts.dtype, device: opts.device,
    });
  }

  /** PyTorch's _output_padding: outputSize (spatial, or with the batch/channel dims) -> the output padding giving it. */
  protected outputPaddingFor(input: Tensor, outputSize: readonly number[] | null | undefined): number[] {
    if (outputSize === null || outputSize === undefined) return this.outputPadding.slice();
    const dims = this.kernelSize.length;
    const nonSpatial = input.shape.length === dims + 2 ? 2 : 1;
    const size = outputSize.length === nonSpatial + dims ? outputSize.slice(nonSpatial) : outputSize.slice();
    if (size.length !== dims) {
      throw new Error(`ConvTranspose${dims}D: for ${input.shape.length}D input, output_size must have ${dims} or ${nonSpatial + dims} elements (got ${size.length})`);
    }
    const padding = this.padding as readonly number[];
    const minSizes = size.map((_, d) => (input.shape[d + nonSpatial]! - 1) * this.stride[d]! - 2 * padding[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1);
    const maxSizes = minSizes.map((m, d) => m + this.stride[d]! - 1);
    if (size.some((s, d) => s < minSizes[d]! || s > maxSizes[d]!)) {
      const list = (v: readonly number[]): string => `[${v.join(', ')}]`;
      throw new Error(`requested an output size of ${list(size)}, but valid sizes range from ${list(minSizes)} to ${list(maxSizes)} ` +
        `(for an input of torch.Size(${list(input.shape.slice(nonSpatial))}))`);
    }
    return size.map((s, d) => s - minSizes[d]!);
  }

  /**
   * The functional call's options, with the output padding that gives `outputSize` when one is asked
   * for.
   */
  protected transposeOptions(input: Tensor, outputSize: readonly number[] | null | undefined): F.ConvTransposeOptions {
    return {
      stride: this.stride, padding: this.padding as readonly number[], outputPadding: this.outputPaddingFor(input, outputSize),
      groups: this.groups, dilation: this.dilation,
    };
  }
}

/**
 * Transposed 1-D convolution over [N, Cin, L] (or [Cin, L]).
 * @example new nn.ConvTranspose1d(4, 2, 3, { stride: 2 }).forward(x, [12])
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntList, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 1, bindOptions<ConvTransposeLayerOptions>('ConvTranspose1d.__init__', KEYS, args, 3));
  }

  forward(input: Tensor, outputSize?: readonly number[] | null): Tensor {
    return F.convTranspose1d(input, this.weight, this.bias, this.transposeOptions(input, outputSize));
  }
}

/**
 * Transposed 2-D convolution over [N, Cin, H, W] (or unbatched): upsampling by `stride`.
 * @example new nn.ConvTranspose2d(8, 4, 4, { stride: 2, padding: 1 }) // H, W doubled
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntList, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 2, bindOptions<ConvTransposeLayerOptions>('ConvTranspose2d.__init__', KEYS, args, 3));
  }

  forward(input: Tensor, outputSize?: readonly number[] | null): Tensor {
    return F.convTranspose2d(input, this.weight, this.bias, this.transposeOptions(input, outputSize));
  }
}

/** Transposed 3-D convolution over [N, Cin, D, H, W] (or unbatched). @example new nn.ConvTranspose3d(2, 2, [1, 2, 2], { stride: [1, 2, 2] }) */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: IntList, ...args: ConvTransposeLayerArgs) {
    super(inChannels, outChannels, kernelSize, 3, bindOptions<ConvTransposeLayerOptions>('ConvTranspose3d.__init__', KEYS, args, 3));
  }

  forward(input: Tensor, outputSize?: readonly number[] | null): Tensor {
    return F.convTranspose3d(input, this.weight, this.bias, this.transposeOptions(input, outputSize));
  }
}
