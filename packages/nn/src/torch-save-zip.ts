/**
 * The zip container of PyTorch checkpoints, through fflate: stored (uncompressed) records whose
 * data starts on a 64-byte boundary, as PyTorch's writer pads them (an extra field 'FB' of 'Z'
 * bytes), and a checked reader that refuses zip bombs and truncated archives.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** PyTorch aligns every record's data to this many bytes. */
const ALIGN = 64;
/** PyTorch's padding extra-field id: the bytes 'F', 'B'. */
const PAD_FIELD = 0x4246;
/** fflate writes no ZIP64 records, so an archive must stay below 4 GiB. */
const MAX_ARCHIVE = 0xffffffff;
/** Compressed records (PyTorch never writes them) may expand to at most this many bytes in all. */
const MAX_INFLATED = 1 << 30;
/** DOS timestamps start in 1980; a fixed one keeps the bytes reproducible (PyTorch writes zeros). */
const MTIME = new Date(1980, 0, 1);

function fail(msg: string): never {
  throw new Error(`torchLoad: ${msg}`);
}

/** Zips `records` (name, bytes) in order, each record's data aligned to 64 bytes. */
export function writeArchive(records: readonly (readonly [string, Uint8Array])[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const files: Zippable = {};
  let offset = 0;
  let central = 22;
  for (const [name, data] of records) {
    const nameLength = encoder.encode(name).length;
    // local header (30 bytes) + name + the padding field's own 4-byte header, then the padding
    const pad = (ALIGN - ((offset + 30 + nameLength + 4) % ALIGN)) % ALIGN;
    const extraLength = 4 + pad;
    files[name] = [data, { level: 0, mtime: MTIME, extra: { [PAD_FIELD]: new Uint8Array(pad).fill(0x5a) } }];
    offset += 30 + nameLength + extraLength + data.length;
    central += 46 + nameLength + extraLength;
  }
  if (offset + central > MAX_ARCHIVE) {
    throw new RangeError(`torchSave: the checkpoint would be ${offset + central} bytes; archives over 4 GiB need ZIP64, which is not supported yet`);
  }
  return zipSync(files);
}

/** What a checkpoint archive holds: its records by full name. */
export type Archive = ReadonlyMap<string, Uint8Array>;

/**
 * Reads every record of a zip archive. Declared sizes are checked before anything is inflated
 * (a record may not claim more bytes than the archive holds unless compressed, and compressed
 * records may not inflate past 1 GiB in all), and every record must come out at its declared size.
 */
export function readArchive(bytes: Uint8Array): Archive {
  const declared = new Map<string, number>();
  let inflated = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (declared.has(f.name)) fail(`the archive holds '${f.name}' twice`);
        if (f.compression !== 0 && f.compression !== 8) fail(`record '${f.name}' uses zip compression method ${f.compression} (PyTorch writes stored records)`);
        if (!(f.size >= 0 && f.size <= bytes.length)) fail(`record '${f.name}' claims ${f.size} bytes but the archive has ${bytes.length}: it is truncated or corrupt`);
        if (f.compression === 0 && f.originalSize !== f.size) fail(`stored record '${f.name}' has mismatched sizes (${f.size} vs ${f.originalSize})`);
        if (f.compression === 8) {
          inflated += f.originalSize;
          if (!(inflated <= MAX_INFLATED)) fail(`compressed records would inflate to over ${MAX_INFLATED} bytes (a zip bomb?)`);
        }
        declared.set(f.name, f.originalSize);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('torchLoad:')) throw e;
    return fail(`not a valid zip archive, or a truncated one (${e instanceof Error ? e.message : String(e)})`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, size] of declared) {
    const data = files[name];
    if (data === undefined || data.length !== size) fail(`record '${name}' is truncated (${data?.length ?? 0} of ${size} bytes)`);
    out.set(name, data);
  }
  return out;
}
