/**
 * Files over 2 GiB (issue 14 item 6): load reads the header, then only the byte ranges it needs
 * with positioned reads; the test file is sparse, so it costs no disk and no memory.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';

describe('files over 2 GiB', () => {
  let dir = '';
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'torchlet-big-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the tensors after a 2 GiB one from a sparse file (keys skips the big one)', () => {
    const big = 2 ** 31 + 8; // bytes of a U8 tensor that is declared but never materialised
    const json = JSON.stringify({
      __metadata__: { format: 'pt' },
      big: { dtype: 'U8', shape: [big], data_offsets: [0, big] },
      tail: { dtype: 'F32', shape: [2], data_offsets: [big, big + 8] },
      last: { dtype: 'I64', shape: [1], data_offsets: [big + 8, big + 16] },
    });
    const header = new TextEncoder().encode(json);
    const start = 8 + header.length;
    const path = join(dir, 'big.safetensors');
    const fd = openSync(path, 'w');
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
    writeSync(fd, prefix, 0, 8, 0);
    writeSync(fd, header, 0, header.length, 8);
    const tail = new Uint8Array(16);
    new DataView(tail.buffer).setFloat32(0, 1.5, true);
    new DataView(tail.buffer).setFloat32(4, -2, true);
    new DataView(tail.buffer).setBigInt64(8, -7n, true);
    writeSync(fd, tail, 0, 16, start + big);
    closeSync(fd);
    expect(statSync(path).size).toBe(start + big + 16);
    const sd = nn.load(path, { keys: ['tail', 'last'] });
    expect(Object.keys(sd)).toEqual(['tail', 'last']);
    expect(sd.tail!.tolist()).toEqual([1.5, -2]);
    expect(sd.last!.tolist()).toEqual([-7]);
    // the layout is still checked over the whole file: one byte short is a truncated file
    truncateSync(path, start + big + 15);
    expect(() => nn.load(path, { keys: ['tail'] })).toThrow(
      `safetensors: truncated file: tensor 'last' needs bytes [${big + 8}, ${big + 16}) but the data section has ${big + 15} bytes`);
  });

  it('save streams header and tensors; the bytes equal serialize()', () => {
    const sd = { a: tensor([[1, 2], [3, 4]]).float(), b: tensor([5, -6]), c: tensor([true, false]), d: tensor([0.1], { dtype: 'float64' }) };
    const path = join(dir, 'm.safetensors');
    nn.save(sd, path, { metadata: { k: 'v' } });
    expect(Buffer.from(readFileSync(path)).equals(Buffer.from(nn.serialize(sd, { metadata: { k: 'v' } })))).toBe(true);
    expect(readdirSync(dir)).toEqual(['m.safetensors']);
    expect(nn.load(path).b!.tolist()).toEqual([5, -6]);
  });
});
