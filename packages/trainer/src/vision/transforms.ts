/**
 * torchvision.transforms for tensors: ToTensor, Normalize, Compose, Lambda. Each is a callable
 * object, as in torchvision (`const t = new transforms.ToTensor(); t(img)`), so it goes wherever
 * a function does (`transform: new transforms.ToTensor()` or `transform: (img) => ...`).
 * Images are tensors: an integer (uint8-valued) HxW or HxWxC image as the datasets give it, or
 * a float CxHxW tensor once converted.
 */
import { tensor, type Tensor } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';

// The class returns a callable from its constructor; this interface gives instances that call signature.
export interface Transform<I = Tensor, O = Tensor> {
  /** Applies the transform: `t(img)` as in torchvision. */
  (input: I): O;
}

/** The base of the transforms here: a callable object whose call runs `forward`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class Transform<I = Tensor, O = Tensor> {
  /** Builds the callable (subclasses call `super()`). */
  constructor() {
    // An anonymous arrow (no `prototype`), re-parented onto the subclass prototype.
    const fn = [(input: I): O => self.forward(input)][0]!;
    Reflect.setPrototypeOf(fn, new.target.prototype);
    const self = fn as unknown as Transform<I, O>;
    return self;
  }

  /** What the transform does to one input. */
  abstract forward(input: I): O;

  /** torchvision's repr, e.g. `ToTensor()`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/**
 * Converts an image with values 0..255 (integer HxW or HxWxC, as the datasets give it) to a float32
 * CxHxW tensor in [0, 1]: torchvision's ToTensor on a uint8 image (`img.float().div(255)`, the
 * same float32 values).
 * @example
 * new transforms.ToTensor()(dataset.data.index(0)) // float32 [1, 28, 28]
 */
export class ToTensor extends Transform<Tensor, Tensor> {
  /** The converted image. */
  forward(pic: Tensor): Tensor {
    if (pic.dtype === 'float32' || pic.dtype === 'float64') {
      throw new TypeError(`ToTensor: pic should be an integer image tensor (uint8 values) of shape HxW or HxWxC. Got ${pic.dtype}`);
    }
    if (pic.dim() !== 2 && pic.dim() !== 3) {
      throw new Error(`ToTensor: pic should be 2 or 3 dimensional. Got ${pic.dim()} dimensions.`);
    }
    const chw = pic.dim() === 2 ? pic.unsqueeze(0) : pic.permute(2, 0, 1).contiguous();
    return chw.float().div(255);
  }
}

/** Normalize's keyword arguments. */
export interface NormalizeOptions {
  /** Normalize in place (default false: a new tensor). */
  inplace?: boolean;
}

/**
 * `(x - mean) / std` per channel of a float CxHxW (or ...xCxHxW) tensor, as torchvision's Normalize
 * (the mean and std as float32 tensors of the input's dtype, the same rounding).
 * @example
 * new transforms.Normalize([0.1307], [0.3081]) // pytorch/examples' MNIST
 */
export class Normalize extends Transform<Tensor, Tensor> {
  /** The per-channel means. */
  readonly mean: readonly number[];
  /** The per-channel standard deviations. */
  readonly std: readonly number[];
  /** Whether the input is normalized in place. */
  readonly inplace: boolean;

  /** `new Normalize(mean, std)`, `new Normalize(mean, std, true)` or `{inplace: true}`. */
  constructor(mean: readonly number[] | number, std: readonly number[] | number, inplace: boolean | NormalizeOptions = false) {
    super();
    const opts = typeof inplace === 'boolean' ? { inplace } : inplace;
    checkOptions('Normalize', opts, ['inplace']);
    this.mean = typeof mean === 'number' ? [mean] : [...mean];
    this.std = typeof std === 'number' ? [std] : [...std];
    this.inplace = opts.inplace ?? false;
    if (this.std.some((s) => s === 0)) {
      throw new Error(`std evaluated to zero after conversion to float32, leading to division by zero.`);
    }
  }

  /** The normalized image. */
  forward(x: Tensor): Tensor {
    if (x.dtype !== 'float32' && x.dtype !== 'float64') throw new TypeError(`Input tensor should be a float tensor. Got ${x.dtype}.`);
    if (x.dim() < 3) {
      throw new Error(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${x.shape.join(', ')}]`);
    }
    const mean = tensor([...this.mean], { dtype: x.dtype }).view(-1, 1, 1);
    const std = tensor([...this.std], { dtype: x.dtype }).view(-1, 1, 1);
    return this.inplace ? x.sub_(mean).div_(std) : x.sub(mean).div(std);
  }

  /** torchvision's repr. */
  override toString(): string {
    return `Normalize(mean=[${this.mean.join(', ')}], std=[${this.std.join(', ')}])`;
  }
}

/**
 * Applies transforms one after the other.
 * @example
 * const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
 */
export class Compose<I = Tensor, O = Tensor> extends Transform<I, O> {
  /** The transforms, in order. */
  readonly transforms: readonly ((x: never) => unknown)[];

  /** `new Compose([t1, t2, ...])`: any functions or transforms. */
  constructor(transforms: readonly ((x: never) => unknown)[]) {
    super();
    const list: unknown = transforms;
    if (!Array.isArray(list) || !list.every((t) => typeof t === 'function')) throw new TypeError('Compose: transforms should be a list of callables');
    this.transforms = transforms.slice();
  }

  /** Each transform's output fed to the next. */
  forward(input: I): O {
    let x: unknown = input;
    for (const t of this.transforms) x = (t as (v: unknown) => unknown)(x);
    return x as O;
  }

  /** torchvision's repr: one transform a line. */
  override toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join('\n')}\n)`;
  }
}

/**
 * A function as a transform.
 * @example
 * new transforms.Lambda((x: Tensor) => x.mul(2))
 */
export class Lambda<I = Tensor, O = Tensor> extends Transform<I, O> {
  /** The function. */
  readonly lambd: (x: I) => O;

  /** `new Lambda(fn)`. */
  constructor(lambd: (x: I) => O) {
    super();
    if (typeof lambd !== 'function') throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
    this.lambd = lambd;
  }

  /** `lambd(input)`. */
  forward(input: I): O {
    return this.lambd(input);
  }

  /** torchvision's repr. */
  override toString(): string {
    return 'Lambda()';
  }
}
