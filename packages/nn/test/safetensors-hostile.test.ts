/**
 * safetensors against hostile files (issue 14 items 5 and 9): names that are Object.prototype
 * members load as ordinary entries, shapes and dtypes are checked strictly, a 100k-entry header
 * parses in one pass.
 */
import { tensor, zeros } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { craftSafetensors, values } from './helpers';


const f32 = (...v: number[]): Uint8Array => new Uint8Array(Float32Array.from(v).buffer);

describe('names from the file are plain keys (item 5)', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

  it('round-trips tensors named like Object.prototype members', () => {
    const sd = new Map(names.map((n, i) => [n, tensor([i, i + 0.5])]));
    const back = nn.deserialize(nn.serialize(sd));
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(Object.keys(back).sort()).toEqual([...names].sort());
    names.forEach((n, i) => expect(back[n]!.tolist()).toEqual([i, i + 0.5]));
  });

  it('loads a file whose tensor is named __proto__ (written by hand)', () => {
    const bytes = craftSafetensors('{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32(1, 2));
    const sd = nn.deserialize(bytes);
    expect(Object.keys(sd)).toEqual(['__proto__']);
    expect(sd['__proto__']!.tolist()).toEqual([1, 2]);
  });

  it('metadata keys are plain keys too', () => {
    const metadata = JSON.parse('{"__proto__":"a","toString":"b","format":"pt"}') as Record<string, string>;
    const back = nn.deserializeWithMetadata(nn.serialize({ w: zeros(1) }, { metadata })).metadata;
    expect(Object.getPrototypeOf(back)).toBeNull();
    expect(Object.entries(back)).toEqual([['__proto__', 'a'], ['toString', 'b'], ['format', 'pt']]);
  });

  it('loadStateDict reports a __proto__ key as unexpected', () => {
    const bytes = craftSafetensors(
      '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"weight":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}',
      f32(9, 2, 3));
    const lin = new nn.Linear(1, 1);
    expect(() => lin.loadStateDict(nn.deserialize(bytes))).toThrow('Unexpected key(s) in state_dict: "__proto__". ');
    expect(lin.loadStateDict(nn.deserialize(bytes), { strict: false })).toEqual({ missingKeys: [], unexpectedKeys: ['__proto__'] });
    expect(values(lin.weight)).toEqual([3]);
    expect(values(lin.bias!)).toEqual([2]);
  });
});

describe('entries are checked strictly (item 5)', () => {
  const entry = (fields: string): string => `{"w":{${fields}}}`;
  it.each([
    ['dtype toString', entry('"dtype":"toString","shape":[1],"data_offsets":[0,4]'), 4,
      "tensor 'w' has unknown dtype 'toString' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, U16, U32, U64, BOOL)"],
    ['dtype __proto__', entry('"dtype":"__proto__","shape":[1],"data_offsets":[0,4]'), 4, "tensor 'w' has unknown dtype '__proto__'"],
    ['shape [0, 1e300]', entry('"dtype":"F32","shape":[0,1e300],"data_offsets":[0,0]'), 0,
      "tensor 'w' has an invalid shape (dimensions must be non-negative integers up to 2^53 - 1)"],
    ['shape [2.5]', entry('"dtype":"U8","shape":[2.5],"data_offsets":[0,2]'), 2, "tensor 'w' has an invalid shape"],
    ['shape [-1]', entry('"dtype":"U8","shape":[-1],"data_offsets":[0,0]'), 0, "tensor 'w' has an invalid shape"],
    ['shape [2^53]', entry('"dtype":"U8","shape":[0,9007199254740992],"data_offsets":[0,0]'), 0, "tensor 'w' has an invalid shape"],
    ['shape ["2"]', entry('"dtype":"U8","shape":["2"],"data_offsets":[0,2]'), 2, "tensor 'w' has an invalid shape"],
    ['shape overflowing', entry('"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]'), 0,
      "tensor 'w' of dtype F32 and shape [4294967296, 4294967296] is too large (its byte size overflows)"],
    ['offsets [0, 1e300]', entry('"dtype":"U8","shape":[1],"data_offsets":[0,1e300]'), 1, "tensor 'w' has invalid data_offsets (two non-negative integers expected)"],
    ['three offsets', entry('"dtype":"U8","shape":[1],"data_offsets":[0,1,2]'), 1, "tensor 'w' has invalid data_offsets"],
    ['no shape', entry('"dtype":"U8","data_offsets":[0,1]'), 1, "tensor 'w' has no shape"],
    ['duplicate name', '{"w":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"w":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}', 0,
      "duplicate entry 'w' in the header"],
    ['trailing garbage', '{}x', 0, "invalid JSON header (expected the end of the header at byte 2, found 'x')"],
    ['metadata not strings', '{"__metadata__":{"a":1}}', 0, '__metadata__ must map strings to strings'],
  ] as const)('rejects %s', (_n, json, dataBytes, message) => {
    expect(() => nn.deserialize(craftSafetensors(json, new Uint8Array(dataBytes)))).toThrow(`safetensors: ${message}`);
  });

  it('accepts unknown fields, escapes and any field order (as the reference does)', () => {
    const json = '{"__metadata__":{"k":"v\\u00e9"}, "a\\"b":{"shape":[2],"extra":{"x":[1,{"y":null}],"z":-1.5e3},"data_offsets":[0,8],"dtype":"F32"}}';
    const r = nn.deserializeWithMetadata(craftSafetensors(json, f32(3, 4)));
    expect(r.metadata.k).toBe('vé');
    expect(r.tensors['a"b']!.tolist()).toEqual([3, 4]);
  });

  it('a keys option decodes only the named tensors and names a missing one', () => {
    const bytes = nn.serialize({ a: tensor([1, 2]), b: tensor([3.5]) });
    expect(Object.keys(nn.deserialize(bytes, { keys: ['b'] }))).toEqual(['b']);
    expect(() => nn.deserialize(bytes, { keys: ['c'] })).toThrow("safetensors: no tensor named 'c' in the file");
  });
});

describe('big headers (item 9)', () => {
  it('parses a 100k-entry header and returns every entry', () => {
    const n = 100_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(`"layers.${i}.w":{"dtype":"F32","shape":[1],"data_offsets":[${4 * i},${4 * i + 4}]}`);
    const bytes = craftSafetensors(`{${parts.join(',')}}`, new Uint8Array(Float32Array.from({ length: n }, (_, i) => i / 2).buffer));
    const sd = nn.deserialize(bytes);
    const keys = Object.keys(sd);
    expect(keys.length).toBe(n);
    expect(keys[0]).toBe('layers.0.w');
    expect(keys[n - 1]).toBe(`layers.${n - 1}.w`);
    for (const i of [0, 1, 4242, n - 1]) expect(sd[`layers.${i}.w`]!.tolist()).toEqual([i / 2]);
    expect(nn.deserialize(bytes, { keys: ['layers.77777.w'] })['layers.77777.w']!.tolist()).toEqual([77777 / 2]);
  });
});
