/**
 * The text as characters, as nanoGPT's shakespeare_char: the vocabulary is the sorted set of the
 * characters, the first 90% trains and the rest validates, and a batch is `batchSize` random
 * windows of `blockSize` characters with the next character as the target of each.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'torchlet';

export const TEXT_PATH = join(__dirname, 'data', 'devils-dictionary-a-d.txt');

export interface CharData {
  text: string;
  /** The sorted characters: a token is an index into this. */
  chars: string[];
  train: torch.Tensor;
  val: torch.Tensor;
  encode(s: string): number[];
  decode(ids: readonly number[]): string;
}

export function loadChars(path = TEXT_PATH): CharData {
  const text = readFileSync(path, 'utf8');
  // Code-point order, as Python's sorted(set(text)) (the text is ASCII: no surrogate pairs).
  const chars = [...new Set(text)].sort();
  const stoi = new Map(chars.map((c, i) => [c, i]));
  const encode = (s: string): number[] => [...s].map((c) => {
    const i = stoi.get(c);
    if (i === undefined) throw new Error(`character ${JSON.stringify(c)} is not in the vocabulary`);
    return i;
  });
  const decode = (ids: readonly number[]): string => ids.map((i) => chars[i] ?? '?').join('');
  const data = torch.tensor(encode(text));
  const n = Math.trunc(0.9 * data.shape[0]!);
  return { text, chars, train: data.index(`:${n}`), val: data.index(`${n}:`), encode, decode };
}

/** x: windows (batchSize, blockSize) starting at random offsets; y: the same shifted by one. */
export function getBatch(data: torch.Tensor, batchSize: number, blockSize: number): [torch.Tensor, torch.Tensor] {
  const ix = torch.randint(data.shape[0]! - blockSize, [batchSize]).tolist() as number[];
  const x = torch.stack(ix.map((i) => data.index(`${i}:${i + blockSize}`)));
  const y = torch.stack(ix.map((i) => data.index(`${i + 1}:${i + 1 + blockSize}`)));
  return [x, y];
}
