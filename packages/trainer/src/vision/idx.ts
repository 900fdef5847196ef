/**
 * The IDX file format of MNIST and its relatives (big-endian): a magic number whose third byte is
 * the element type (0x08 unsigned byte) and whose fourth is the number of dimensions, the sizes as
 * 32-bit integers, then the elements. torchvision's read_sn3_pascalvincent_tensor, for uint8 files.
 */

/** A parsed IDX file: its sizes and its bytes (a view into the file, no copy). */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Readonly<Record<number, string>> = { 8: 'uint8', 9: 'int8', 11: 'int16', 12: 'int32', 13: 'float32', 14: 'float64' };

/**
 * Reads an IDX file of unsigned bytes with `ndim` dimensions (3 for images, 1 for labels); `name`
 * goes into the errors. A wrong magic number, dimension count, element type or length is an error
 * saying which.
 */
export function parseIdx(bytes: Uint8Array, ndim: number, name: string): IdxArray {
  const corrupt = (why: string): never => {
    throw new Error(`${name} is not a valid IDX file: ${why} (the file is corrupt or truncated; delete it and download it again)`);
  };
  if (bytes.length < 4) corrupt(`it is ${bytes.length} bytes long`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const nd = magic % 256, ty = Math.floor(magic / 256);
  if (ty < 8 || ty > 14 || nd < 1 || nd > 3) corrupt(`magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x0000080${ndim})`);
  if (ty !== 8) corrupt(`elements of type ${TYPE_NAMES[ty] ?? `0x${ty.toString(16)}`}, expected uint8`);
  if (nd !== ndim) corrupt(`${nd} dimensions, expected ${ndim}`);
  const header = 4 + 4 * nd;
  if (bytes.length < header) corrupt(`the header needs ${header} bytes, the file has ${bytes.length}`);
  const shape: number[] = [];
  for (let i = 0; i < nd; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const numel = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + numel) {
    corrupt(`sizes [${shape.join(', ')}] need ${header + numel} bytes, the file has ${bytes.length}`);
  }
  return { shape, data: bytes.subarray(header) };
}
