/** Tensor methods for unique values and counting: thin calls into ops/unique and ops/histogram. */
import { Tensor } from '../tensor';
import * as U from '../ops/unique';
import * as H from '../ops/histogram';

type NoExtras = { returnInverse?: false; returnCounts?: false };
type OneExtra = { returnInverse: true; returnCounts?: false } | { returnInverse?: false; returnCounts: true };
type BothExtras = { returnInverse: true; returnCounts: true };

declare module '../tensor' {
  interface Tensor {
    /** The sorted unique values (see `unique`); [values, inverse?, counts?] when asked for more. */
    unique(opts?: U.UniqueOptions & NoExtras): Tensor;
    /** With returnInverse and returnCounts: `[values, inverse, counts]`. */
    unique(opts: U.UniqueOptions & BothExtras): [Tensor, Tensor, Tensor];
    /** With returnInverse or returnCounts: `[values, inverse]` or `[values, counts]`. */
    unique(opts: U.UniqueOptions & OneExtra): [Tensor, Tensor];
    /** unique with options not known at compile time. */
    unique(opts?: U.UniqueOptions): Tensor | Tensor[];
    /**
     * Collapses runs of equal consecutive values (or slices along `dim`) into one, without sorting (torch.unique_consecutive).
     */
    uniqueConsecutive(opts?: U.UniqueConsecutiveOptions & NoExtras): Tensor;
    /** With returnInverse and returnCounts: `[values, inverse, counts]`. */
    uniqueConsecutive(opts: U.UniqueConsecutiveOptions & BothExtras): [Tensor, Tensor, Tensor];
    /** With returnInverse or returnCounts: `[values, inverse]` or `[values, counts]`. */
    uniqueConsecutive(opts: U.UniqueConsecutiveOptions & OneExtra): [Tensor, Tensor];
    /** uniqueConsecutive with options not known at compile time. */
    uniqueConsecutive(opts?: U.UniqueConsecutiveOptions): Tensor | Tensor[];
    /** `x.bincount(weights?, minlength?)` or `x.bincount({ weights, minlength })`. */
    bincount(...args: (Tensor | number | null | undefined | H.BincountOptions)[]): Tensor;
    /** `x.histc(bins?, min?, max?)` or `x.histc({ bins, min, max })`. */
    histc(...args: (number | H.HistcOptions | undefined)[]): Tensor;
  }
}

const P = Tensor.prototype;
P.unique = function (this: Tensor, opts?: U.UniqueOptions) { return U.unique(this, opts); } as Tensor['unique'];
P.uniqueConsecutive = function (this: Tensor, opts?: U.UniqueConsecutiveOptions) {
  return U.uniqueConsecutive(this, opts);
} as Tensor['uniqueConsecutive'];
P.bincount = function (...args) { return H.bincount(this, ...args); };
P.histc = function (...args) { return H.histc(this, ...args); };
