/**
 * The shared Backend conformance spec: every Backend method of one backend compared with the
 * TypeScript backend (the oracle) on random strided inputs (contiguous, transposed, stepped,
 * offset and broadcast views, small and above the sizes where 'auto' and 'native' leave js),
 * writing into outputs of every layout (contiguous, transposed, offset, stepped) that must
 * receive exactly their elements. Float results must agree to 1e-5 relative (the float32 kernels
 * routed to WebAssembly and C++ are in fact bit-identical). Results are read with `readAsync`,
 * which every device has, so the spec runs on the CPU backends in Node and in a browser and on
 * webgpu (whose contract differs where `BackendCaps` says). Run by backend-conformance.test.ts
 * for the core backends, by @torchlet/native's conformance test for 'native', and in Chromium by
 * browser-conformance.test.ts (js, wasm, webgpu).
 */
import { Tensor, type DType, type TypedArray } from '@torchlet/core';
import { getBackend, type Backend } from '@torchlet/core/backend';
import {
  LAYOUTS, OUT_LAYOUTS, expectSame, expectUntouched, lcg, makeArray, makeOutput, makeView, oracleArgs, positions, wholeStorage,
  type Layout,
} from './backend-views';
import { indexingTests, nnTests } from './backend-spec-nn';

/** Where a backend's contract differs from the CPU's (every field true on a CPU backend). */
export interface BackendCaps {
  /** float64 storages (webgpu: float32, int32 and bool only; float64 raises). */
  readonly float64: boolean;
  /** Synchronous `read`/`item` (webgpu: only `readAsync`; the sync forms raise naming it). */
  readonly syncRead: boolean;
  /**
   * The CPU's float32 rounding order (products within 4K ulps of js); otherwise products are
   * compared within 1e-4 relative, as the GPU contract documents.
   */
  readonly exactRounding: boolean;
  /** nllLoss returns the total weight as a number (webgpu: NaN; the gradients recompute it). */
  readonly hostScalars: boolean;
}

export const CPU_CAPS: BackendCaps = { float64: true, syncRead: true, exactRounding: true, hostScalars: true };
export const WEBGPU_CAPS: BackendCaps = { float64: false, syncRead: false, exactRounding: false, hostScalars: false };

/** What each group of tests works with; rnd and the out layouts advance in test order. */
export interface Spec {
  readonly b: Backend;
  readonly js: Backend;
  readonly caps: BackendCaps;
  /** The float dtypes b takes: float32, and float64 where it has it. */
  readonly floats: DType[];
  /** An input on b's storage. */
  readonly view: (shape: number[], dtype: DType, layout: Layout, lo?: number, hi?: number) => Tensor;
  /** The oracle's contiguous output and b's output in the next out layout. */
  readonly outs: (shape: number[], dtype: DType) => [want: Tensor, got: Tensor];
  /** b's output equals the oracle's, and b wrote nothing outside it. */
  readonly check: (got: Tensor, want: Tensor, what: string, atol?: number, rtol?: number) => Promise<void>;
  /** The elements of a view on b (through readAsync). */
  readonly read: (x: Tensor) => Promise<TypedArray>;
}

const SHAPES: number[][] = [[5], [3, 4], [2, 3, 5], [2, 3, 40, 41]];

/**
 * Registers the spec for backend b (a jest describe block); `caps` says where b's contract
 * differs from the CPU's (the default: none).
 * @example
 * runBackendConformance(getBackend('wasm'));
 * runBackendConformance(deviceBackend('webgpu'), WEBGPU_CAPS);
 */
export function runBackendConformance(b: Backend, caps: BackendCaps = CPU_CAPS): void {
  describe(`backend ${b.name} matches js`, () => {
    // the oracle reads each input's CPU twin when b is another device (backend-views.ts)
    const oracle = getBackend('js');
    const js = new Proxy(oracle, {
      get: (t, key): unknown => {
        const v: unknown = Reflect.get(t, key);
        return typeof v === 'function' ? (...args: unknown[]): unknown => (v as (...a: unknown[]) => unknown).apply(t, oracleArgs(args)) : v;
      },
    });
    const rnd = lcg(12345);
    let outCount = 0;
    const read = (x: Tensor): Promise<TypedArray> => b.readAsync(x);
    const spec: Spec = {
      b, js, caps, read,
      floats: caps.float64 ? ['float32', 'float64'] : ['float32'],
      view: (shape, dtype, layout, lo, hi) => makeView(b, shape, dtype, layout, rnd, lo, hi),
      outs: (shape, dtype) => [makeOutput(js, shape, dtype), makeOutput(b, shape, dtype, OUT_LAYOUTS[outCount++ % OUT_LAYOUTS.length])],
      check: async (got, want, what, atol, rtol) => {
        const where = `${what} (out strides [${got.strides.join(',')}] offset ${got.offset})`;
        expectSame(await read(got), js.read(want), where, atol, rtol);
        await expectUntouched(b, got, where);
      },
    };
    memoryTests(spec);
    elementwiseTests(spec);
    reductionTests(spec);
    indexingTests(spec);
    nnTests(spec);
  });
}

/** A value of each dtype for fill, and host data for write. */
function sample(dtype: DType, n: number, k: number): { value: number; data: number[] } {
  const value = dtype === 'bool' ? 1 : dtype === 'int32' ? -3 : 1.5;
  const data = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? (i + k) % 2 : dtype === 'int32' ? i - k : (i - k) / 4));
  return { value, data };
}

function memoryTests({ b, js, caps, floats, view, outs, check, read }: Spec): void {
  const DTYPES: DType[] = [...floats, 'int32', 'bool'];

  test('alloc and fromHost', async () => {
    for (const dtype of DTYPES) {
      const z = b.alloc(dtype, 7);
      expect(z.device).toBe(b.device);
      const zeros = await read(new Tensor(z, [7], [1], 0, dtype));
      expect(zeros).toBeInstanceOf(makeArray(dtype, 0).constructor);
      expect(Array.from(zeros)).toEqual(new Array<number>(7).fill(0));
      const data = makeArray(dtype, 9);
      data.set(sample(dtype, 9, 2).data);
      const expected = Array.from(data);
      const y = b.fromHost(data); // b may take the array over
      expect(y.device).toBe(b.device);
      expect(Array.from(await read(new Tensor(y, [9], [1], 0, dtype)))).toEqual(expected);
    }
    if (!caps.float64) {
      expect(() => b.alloc('float64', 3)).toThrow('float64');
      expect(() => b.fromHost(new Float64Array(3))).toThrow('float64');
    }
  });

  test('read and readAsync agree on strided views (or read raises, naming the async form)', async () => {
    for (const dtype of DTYPES) {
      for (const layout of LAYOUTS) {
        const x = view([3, 4], dtype, layout);
        const got = await b.readAsync(x);
        expect(got).toBeInstanceOf(makeArray(dtype, 0).constructor);
        if (caps.syncRead) expect(Array.from(got)).toEqual(Array.from(b.read(x)));
        else {
          expect(() => b.read(x)).toThrow('Async()');
          expect(() => b.item(x)).toThrow('Async()');
        }
      }
    }
  });

  test('read, write and fill strided views', async () => {
    for (const dtype of DTYPES) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const x = view(shape, dtype, layout);
          const all = await wholeStorage(b, x);
          expect(Array.from(await read(x))).toEqual(positions(x).map((p) => all[p]));
          const first = new Tensor(x.storage, [], [], positions(x)[0] ?? x.offset, dtype);
          expect(caps.syncRead ? b.item(first) : (await read(first))[0]).toBe(all[first.offset]);
        }
        for (const layout of OUT_LAYOUTS) {
          const what = `${dtype} ${layout} [${shape.join(',')}]`;
          const dst = makeOutput(b, shape, dtype, layout);
          const { value, data } = sample(dtype, dst.numel(), shape.length);
          const src = makeArray(dtype, data.length);
          src.set(data);
          b.write(dst, src);
          expect(Array.from(await read(dst))).toEqual(Array.from(src));
          await expectUntouched(b, dst, `write ${what}`);
          b.fill(dst, value);
          expect(Array.from(await read(dst))).toEqual(new Array<number>(data.length).fill(value));
          await expectUntouched(b, dst, `fill ${what}`);
        }
      }
    }
  });

  test('copy (casts)', async () => {
    const casts = ([['float32', 'float64'], ['float64', 'float32'], ['float32', 'int32'], ['int32', 'bool'], ['bool', 'float32'], ['int32', 'float32']] as const)
      .filter(([from, to]) => caps.float64 || (from !== 'float64' && to !== 'float64'));
    for (const shape of SHAPES) {
      for (const layout of LAYOUTS) {
        for (const [from, to] of casts) {
          const x = view(shape, from, layout);
          const [want, got] = outs(shape, to);
          js.copy(x, want);
          b.copy(x, got);
          await check(got, want, `copy ${from}->${to} ${layout}`);
        }
      }
    }
  });
}

function elementwiseTests({ b, js, floats, view, outs, check, read }: Spec): void {
  test('unary', async () => {
    for (const op of ['identity', 'neg', 'abs', 'relu', 'sqrt', 'square', 'exp', 'clamp'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          for (const dtype of floats) {
            const x = view(shape, dtype, layout);
            const [want, got] = outs(shape, dtype);
            js.unary(op, x, want, -0.5, 0.5);
            b.unary(op, x, got, -0.5, 0.5);
            await check(got, want, `${op} ${dtype} ${layout} [${shape.join(',')}]`);
          }
        }
      }
    }
  });

  test('binary (broadcast, scalar, comparisons)', async () => {
    const ops = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'pow', 'eq', 'ne', 'le', 'gt'] as const;
    for (const op of ops) {
      const cmp = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op);
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const a = view(shape, 'float32', layout);
          const rows = view([shape[shape.length - 1]!], 'float32', 'contiguous');
          for (const other of [view(shape, 'float32', LAYOUTS[(LAYOUTS.indexOf(layout) + 1) % 5]!), rows, 0.5, 0.1] as const) {
            const [want, got] = outs(shape, cmp ? 'bool' : 'float32');
            js.binary(op, a, other, want);
            b.binary(op, a, other, got);
            await check(got, want, `${op} ${layout} [${shape.join(',')}] b=${typeof other === 'number' ? other : other.shape.join(',')}`);
          }
        }
      }
    }
  });

  test('where', async () => {
    for (const shape of SHAPES) {
      for (const layout of LAYOUTS) {
        const c = view(shape, 'bool', layout), a = view(shape, 'float32', 'transposed');
        const zero = makeOutput(b, [], 'float32');
        for (const other of [view(shape, 'float32', 'contiguous'), zero]) {
          const [want, got] = outs(shape, 'float32');
          js.where(c, a, other, want);
          b.where(c, a, other, got);
          await check(got, want, `where ${layout} [${shape.join(',')}]`);
        }
      }
    }
  });

  test('fused', async () => {
    for (const op of ['addScaled', 'addcmul', 'addcdiv', 'lerp'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const a = view(shape, 'float32', layout), c2 = view(shape, 'float32', 'contiguous');
          const c = op === 'addScaled' ? null : view(shape, 'float32', 'transposed', 0.5, 2);
          const [want, got] = outs(shape, 'float32');
          const s = Math.fround(-0.0123);
          js.fused(op, a, c2, c, s, want);
          b.fused(op, a, c2, c, s, got);
          await check(got, want, `${op} ${layout} [${shape.join(',')}]`);
        }
      }
    }
  });

  // In-place ops pass the tensor they update as out: it is read and written at the same positions.
  test('elementwise kernels writing onto their input (in-place ops)', async () => {
    for (const shape of SHAPES) {
      for (const layout of OUT_LAYOUTS) {
        const what = `${layout} [${shape.join(',')}]`;
        for (const op of ['neg', 'relu', 'sqrt', 'square'] as const) {
          const x = view(shape, 'float32', layout);
          const want = makeOutput(js, shape, 'float32');
          js.unary(op, x, want);
          b.unary(op, x, x);
          expectSame(await read(x), js.read(want), `${op}_ ${what}`);
        }
        for (const op of ['add', 'mul', 'maximum'] as const) {
          for (const other of [view(shape, 'float32', 'contiguous'), 0.5]) {
            const a = view(shape, 'float32', layout);
            const want = makeOutput(js, shape, 'float32');
            js.binary(op, a, other, want);
            b.binary(op, a, other, a);
            expectSame(await read(a), js.read(want), `${op}_ ${what}`);
          }
        }
        const a = view(shape, 'float32', layout), c = view(shape, 'float32', 'contiguous');
        const want = makeOutput(js, shape, 'float32');
        js.fused('addScaled', a, c, null, 0.25, want);
        b.fused('addScaled', a, c, null, 0.25, a);
        expectSame(await read(a), js.read(want), `add_ alpha ${what}`);
      }
    }
  });
}

function reductionTests({ b, js, caps, floats, view, outs, check, read }: Spec): void {
  test('reduce (values and arg positions)', async () => {
    for (const op of ['sum', 'prod', 'max', 'min', 'all', 'any'] as const) {
      for (const shape of SHAPES) {
        for (const layout of LAYOUTS) {
          const x = view(shape, 'float32', layout, -1, 1);
          const dimSets = [[0], [shape.length - 1], shape.map((_, i) => i), shape.length > 2 ? [0, 2] : [0]];
          for (const dims of dimSets) {
            const outShape = shape.filter((_, i) => !dims.includes(i));
            const [want, got] = outs(outShape, 'float32');
            const [wi, gi] = outs(outShape, 'int32');
            const withIdx = op === 'max' || op === 'min';
            js.reduce(op, x, dims, want, withIdx ? wi : undefined);
            b.reduce(op, x, dims, got, withIdx ? gi : undefined);
            const what = `${op} ${layout} [${shape.join(',')}] dims ${dims.join(',')}`;
            await check(got, want, what);
            if (withIdx) expect(Array.from(await read(gi))).toEqual(Array.from(js.read(wi)));
            await expectUntouched(b, gi, `${what} indices`);
          }
        }
      }
    }
  });

  test('matmul (batched, strided, broadcast batch)', async () => {
    const sizes: [number, number, number, number][] = [[1, 1, 1, 1], [2, 3, 5, 7], [1, 17, 33, 9], [3, 40, 36, 33], [1, 130, 70, 100], [2, 64, 200, 64]];
    for (const [B, M, K, N] of sizes) {
      for (const la of LAYOUTS) {
        for (const lb of ['contiguous', 'transposed', 'broadcast'] as const) {
          for (const dtype of floats) {
            const a = view([B, M, K], dtype, la), bm = view([B, K, N], dtype, lb);
            const [want, got] = outs([B, M, N], dtype);
            const plain = la === 'offset';
            js.matmul(a, bm, want, plain);
            b.matmul(a, bm, got, plain);
            // float32 dot products: rounding error grows with K times the terms' size (|a||b| < 4);
            // a GPU sums in its own order: 1e-4 relative (the device's documented matmul tolerance)
            await check(got, want, `matmul ${dtype} ${la}x${lb} ${B}x${M}x${K}x${N}`, 4 * K * 2 ** -24, caps.exactRounding ? 1e-5 : 1e-4);
          }
        }
      }
    }
  });

  test('scan and sort', async () => {
    for (const layout of LAYOUTS) {
      const x = view([7, 60], 'float32', layout);
      for (const op of ['sum', 'prod', 'max', 'min'] as const) {
        const [want, got] = outs([7, 60], 'float32'), [wi, gi] = outs([7, 60], 'int32');
        js.scan(op, x, 1, want, op === 'max' || op === 'min' ? wi : undefined);
        b.scan(op, x, 1, got, op === 'max' || op === 'min' ? gi : undefined);
        await check(got, want, `scan ${op} ${layout}`);
        expect(Array.from(await read(gi))).toEqual(Array.from(js.read(wi)));
        await expectUntouched(b, gi, `scan ${op} ${layout} indices`);
      }
      for (const k of [60, 5]) {
        const [wv, gv] = outs([7, k], 'float32'), [wi, gi] = outs([7, k], 'int32');
        js.sort(x, 1, true, k, wv, wi);
        b.sort(x, 1, true, k, gv, gi);
        await check(gv, wv, `sort ${layout} k=${k}`);
        expect(Array.from(await read(gi))).toEqual(Array.from(js.read(wi)));
        await expectUntouched(b, gi, `sort ${layout} k=${k} indices`);
      }
    }
  });
}
