/** PixelShuffle and PixelUnshuffle: sub-pixel rearrangements between channels and space. */
import type { Tensor } from '@torchlet/core';
import { Module } from '../module';
import * as F from '../functional/index';

/**
 * [*, C*r*r, H, W] -> [*, C, H*r, W*r].
 * @example new nn.PixelShuffle(2)(x) // [1, 8, 3, 3] -> [1, 2, 6, 6]
 */
export class PixelShuffle extends Module {
  /** @param upscaleFactor - Factor r: [N, C * r^2, H, W] becomes [N, C, H * r, W * r]. */
  constructor(readonly upscaleFactor: number) { super(); }

  forward(input: Tensor): Tensor {
    return F.pixelShuffle(input, this.upscaleFactor);
  }

  override extraRepr(): string {
    return `upscale_factor=${this.upscaleFactor}`;
  }
}

/**
 * [*, C, H*r, W*r] -> [*, C*r*r, H, W].
 * @example new nn.PixelUnshuffle(2)(x) // [1, 2, 6, 6] -> [1, 8, 3, 3]
 */
export class PixelUnshuffle extends Module {
  /** @param downscaleFactor - Factor r: [N, C, H * r, W * r] becomes [N, C * r^2, H, W]. */
  constructor(readonly downscaleFactor: number) { super(); }

  forward(input: Tensor): Tensor {
    return F.pixelUnshuffle(input, this.downscaleFactor);
  }

  override extraRepr(): string {
    return `downscale_factor=${this.downscaleFactor}`;
  }
}
