/**
 * torch.nn.utils.rnn: variable-length batches for the recurrent layers. A PackedSequence holds the
 * time steps one after another, each step's rows those of the sequences still running (longest
 * first), so an RNN never computes on padding. Packing and unpacking are narrow/cat/stack of
 * differentiable ops, so gradients flow back to the padded input.
 */
import { Tensor, cat, full, sort, stack, tensor } from '@torchlet/core';
import { checkOptions } from '@torchlet/core/internal';

/**
 * A packed batch: `data` [sum of lengths, *], `batchSizes` [T] (rows per time step), and the
 * permutations between the caller's batch order and the length-sorted one (null when sorted).
 */
export class PackedSequence {
  /**
   * @param data - The packed rows [sum of lengths, *], time step after time step.
   * @param batchSizes - Rows per time step [T] (int64 in PyTorch; a CPU tensor).
   * @param sortedIndices - The permutation that sorted the batch by length (null when it was sorted).
   * @param unsortedIndices - Its inverse, which restores the caller's order.
   */
  constructor(
    readonly data: Tensor,
    readonly batchSizes: Tensor,
    readonly sortedIndices: Tensor | null = null,
    readonly unsortedIndices: Tensor | null = invertPermutation(sortedIndices),
  ) {}

  /** The same packing around other data (an RNN's output, a cast). */
  withData(data: Tensor): PackedSequence {
    return new PackedSequence(data, this.batchSizes, this.sortedIndices, this.unsortedIndices);
  }

  /**
   * PyTorch's repr: `PackedSequence(data=..., batch_sizes=..., sorted_indices=...,
   * unsorted_indices=...)`.
   */
  toString(): string {
    const opt = (t: Tensor | null): string => (t === null ? 'None' : t.toString());
    return `PackedSequence(data=${this.data.toString()}, batch_sizes=${this.batchSizes.toString()}, ` +
      `sorted_indices=${opt(this.sortedIndices)}, unsorted_indices=${opt(this.unsortedIndices)})`;
  }

  /** Python's tuple unpacking: `const [data, batchSizes, sortedIndices, unsortedIndices] = packed`. */
  *[Symbol.iterator](): IterableIterator<Tensor | null> {
    yield this.data;
    yield this.batchSizes;
    yield this.sortedIndices;
    yield this.unsortedIndices;
  }
}

/** The inverse permutation (null stays null). */
export function invertPermutation(permutation: Tensor | null): Tensor | null {
  if (permutation === null) return null;
  const p = permutation.toTypedArray();
  const inv = new Int32Array(p.length);
  for (let i = 0; i < p.length; i++) inv[Number(p[i])] = i;
  return Tensor.fromData(inv, [p.length], 'int32');
}

function lengthList(lengths: Tensor | readonly number[]): number[] {
  return lengths instanceof Tensor ? Array.from(lengths.toTypedArray(), Number) : [...lengths];
}

/** Rows per time step of length-sorted sequences: how many lengths exceed t. */
function batchSizesOf(sorted: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = 0; t < (sorted[0] ?? 0); t++) out.push(sorted.filter((l) => l > t).length);
  return out;
}

/** packPaddedSequence's keyword arguments. */
export interface PackOptions {
  /** The input is [B, T, *] instead of [T, B, *] (default false). */
  batchFirst?: boolean;
  /** Require lengths in decreasing order; false sorts them and records the permutation (default true). */
  enforceSorted?: boolean;
}

/**
 * Packs a padded batch [T, B, *] ([B, T, *] with batchFirst) of sequences of `lengths`.
 * @example packPaddedSequence(x, [3, 2, 1]) // sorted lengths; {enforceSorted: false} sorts them
 */
export function packPaddedSequence(input: Tensor, lengths: Tensor | readonly number[],
  batchFirst: boolean | PackOptions = false, enforceSorted = true): PackedSequence {
  const o = typeof batchFirst === 'object' ? batchFirst : { batchFirst, enforceSorted };
  checkOptions('pack_padded_sequence', o, ['batchFirst', 'enforceSorted']);
  let lens = lengthList(lengths);
  const batchDim = o.batchFirst ?? false ? 0 : 1;
  if (input.ndim < 2) throw new Error(`pack_padded_sequence: expected input of at least 2 dims, got ${input.ndim}`);
  const batch = input.shape[batchDim]!;
  if (lens.length !== batch) {
    throw new Error(`Expected \`len(lengths)\` to be equal to batch_size, but got ${lens.length} (batch_size=${batch})`);
  }
  let sortedIndices: Tensor | null = null;
  let x = input;
  if (!(o.enforceSorted ?? true)) {
    const s = sort(tensor(lens, { dtype: 'int32' }), 0, { descending: true });
    sortedIndices = s.indices;
    lens = Array.from(s.values.toTypedArray(), Number);
    x = x.indexSelect(batchDim, sortedIndices);
  }
  for (let i = 0; i < lens.length; i++) {
    if (lens[i]! <= 0) throw new Error("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0");
    if (i > 0 && lens[i]! > lens[i - 1]!) {
      throw new Error('`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You can pass ' +
        '`enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep this requirement if you do ' +
        'not need ONNX exportability.');
    }
  }
  const steps = o.batchFirst ?? false ? x.transpose(0, 1) : x;
  if ((lens[0] ?? 0) > steps.shape[0]!) {
    throw new Error(`pack_padded_sequence: the longest length ${lens[0]} exceeds the padded sequence length ${steps.shape[0]}`);
  }
  const sizes = batchSizesOf(lens);
  const data = cat(sizes.map((bs, t) => steps.select(0, t).narrow(0, 0, bs)), 0);
  return new PackedSequence(data, tensor(sizes, { dtype: 'int32' }), sortedIndices);
}

/** padPackedSequence's keyword arguments. */
export interface PadPackedOptions {
  /** Return [B, T, *] instead of [T, B, *] (default false). */
  batchFirst?: boolean;
  /** The value of padded elements (default 0). */
  paddingValue?: number;
  /** Pad to this many steps, at least the longest sequence (default null: the longest). */
  totalLength?: number | null;
}

/**
 * Unpacks to a padded batch [T, B, *] (or [B, T, *]) and the lengths, in the caller's batch order.
 * @example const [padded, lengths] = padPackedSequence(output, { batchFirst: true });
 */
export function padPackedSequence(sequence: PackedSequence, batchFirst: boolean | PadPackedOptions = false,
  paddingValue = 0, totalLength: number | null = null): [Tensor, Tensor] {
  const o = typeof batchFirst === 'object' ? batchFirst : { batchFirst, paddingValue, totalLength };
  checkOptions('pad_packed_sequence', o, ['batchFirst', 'paddingValue', 'totalLength']);
  const sizes = Array.from(sequence.batchSizes.toTypedArray(), Number);
  let steps = sizes.length;
  const total = o.totalLength ?? null;
  if (total !== null) {
    if (total < steps) {
      throw new Error('Expected total_length to be at least the length of the longest sequence in input, but got ' +
        `total_length=${total} and max sequence length being ${steps}`);
    }
    steps = total;
  }
  const data = sequence.data;
  const batch = sizes[0] ?? 0;
  const feature = data.shape.slice(1);
  const pad = (rows: number): Tensor => full([rows, ...feature], o.paddingValue ?? 0, { dtype: data.dtype });
  const rows: Tensor[] = [];
  let offset = 0;
  for (let t = 0; t < steps; t++) {
    const bs = sizes[t] ?? 0;
    const chunk = data.narrow(0, offset, bs);
    offset += bs;
    rows.push(bs === batch ? chunk : cat([chunk, pad(batch - bs)], 0));
  }
  let padded = stack(rows, 0);
  const lengths = Array.from({ length: batch }, (_, b) => sizes.filter((s) => s > b).length);
  let lens = tensor(lengths, { dtype: 'int32' });
  if (o.batchFirst ?? false) padded = padded.transpose(0, 1);
  if (sequence.unsortedIndices !== null) {
    padded = padded.indexSelect(o.batchFirst ?? false ? 0 : 1, sequence.unsortedIndices);
    lens = lens.indexSelect(0, sequence.unsortedIndices);
  }
  return [padded, lens];
}

/** padSequence's keyword arguments. */
export interface PadSequenceOptions {
  /** Return [B, T, *] instead of [T, B, *] (default false). */
  batchFirst?: boolean;
  /** The value of padded elements (default 0). */
  paddingValue?: number;
  /** Pad after ('right', the default) or before ('left') each sequence. */
  paddingSide?: 'right' | 'left';
}

/**
 * Pads sequences [L_i, *] to the longest and stacks them: [T, B, *] ([B, T, *] with batchFirst).
 * @example padSequence([a, b, c], { batchFirst: true })
 */
export function padSequence(sequences: readonly Tensor[], batchFirst: boolean | PadSequenceOptions = false,
  paddingValue = 0, paddingSide: 'right' | 'left' = 'right'): Tensor {
  const o = typeof batchFirst === 'object' ? batchFirst : { batchFirst, paddingValue, paddingSide };
  checkOptions('pad_sequence', o, ['batchFirst', 'paddingValue', 'paddingSide']);
  const side = o.paddingSide ?? 'right';
  if (side !== 'right' && side !== 'left') {
    throw new Error(`Expected padding_side to be one of left or right, but got ${String(side)}.`);
  }
  if (sequences.length === 0) throw new Error('received an empty list of sequences');
  const maxLen = Math.max(...sequences.map((s) => s.shape[0] ?? 0));
  const padded = sequences.map((s) => {
    const n = maxLen - s.shape[0]!;
    if (n === 0) return s;
    const fill = full([n, ...s.shape.slice(1)], o.paddingValue ?? 0, { dtype: s.dtype });
    return cat(side === 'right' ? [s, fill] : [fill, s], 0);
  });
  return stack(padded, o.batchFirst ?? false ? 0 : 1);
}

/**
 * Packs a list of sequences [L_i, *] (longest first unless enforceSorted is false).
 * @example packSequence([tensor([1, 2, 3]), tensor([4, 5]), tensor([6])])
 */
export function packSequence(sequences: readonly Tensor[], enforceSorted: boolean | { enforceSorted?: boolean } = true): PackedSequence {
  const o = typeof enforceSorted === 'object' ? enforceSorted : { enforceSorted };
  checkOptions('pack_sequence', o, ['enforceSorted']);
  const lengths = sequences.map((s) => s.shape[0] ?? 0);
  return packPaddedSequence(padSequence(sequences), lengths, { enforceSorted: o.enforceSorted ?? true });
}

/** The sequences of a padded batch, cut to their lengths. */
export function unpadSequence(padded: Tensor, lengths: Tensor | readonly number[], batchFirst: boolean | { batchFirst?: boolean } = false): Tensor[] {
  const o = typeof batchFirst === 'object' ? batchFirst : { batchFirst };
  checkOptions('unpad_sequence', o, ['batchFirst']);
  const byBatch = o.batchFirst ?? false ? padded : padded.transpose(0, 1);
  return lengthList(lengths).map((l, b) => byBatch.select(0, b).narrow(0, 0, l));
}

/** The sequences of a packed batch, in the caller's order. */
export function unpackSequence(packed: PackedSequence): Tensor[] {
  const [padded, lengths] = padPackedSequence(packed, { batchFirst: true });
  return unpadSequence(padded, lengths, { batchFirst: true });
}
