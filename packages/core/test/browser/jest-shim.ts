/**
 * Just enough of jest's globals (describe, test/it, expect with the matchers the conformance spec
 * uses) to run a jest-style spec in a browser page: `install()` puts them on globalThis, the spec
 * registers its cases, `runAll()` runs them in order and returns one record per case.
 */

type Body = () => void | Promise<void>;

export interface CaseResult {
  /** describe names and the test name, joined by spaces as jest prints them. */
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

const cases: { name: string; fn: Body }[] = [];
const path: string[] = [];

export function describe(name: string, body: () => void): void {
  path.push(name);
  try {
    body();
  } finally {
    path.pop();
  }
}

export function test(name: string, fn: Body): void {
  cases.push({ name: [...path, name].join(' '), fn });
}
/** test.skip: the case is not run (a spec skips what a backend does not have). */
test.skip = (_name: string, _fn: Body): void => undefined;

/** jest's equality for what specs compare: Object.is on primitives, element-wise on arrays and typed arrays, key-wise on objects. */
function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Error && b instanceof Error) return a.message === b.message && a.name === b.name;
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equal(x[i], y[i])) return false;
    return true;
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equal(Reflect.get(a, k), Reflect.get(b, k)));
}

function show(v: unknown): string {
  if (typeof v === 'function') return `[Function ${v.name}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} ${show(Array.from(v as unknown as ArrayLike<unknown>))}`;
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
    return s.length > 300 ? `${s.slice(0, 300)}...` : s;
  } catch {
    return String(v);
  }
}

interface Matchers {
  toBe(want: unknown): void;
  toEqual(want: unknown): void;
  toBeInstanceOf(cls: abstract new (...args: never[]) => unknown): void;
  toBeCloseTo(want: number, digits?: number): void;
  toThrow(want?: string | RegExp): void;
}

function matchers(actual: unknown, negate: boolean): Matchers {
  const check = (pass: boolean, what: string): void => {
    if (pass === negate) throw new Error(`expect(${show(actual)}).${negate ? 'not.' : ''}${what}`);
  };
  return {
    toBe: (want) => check(Object.is(actual, want), `toBe(${show(want)})`),
    toEqual: (want) => check(equal(actual, want), `toEqual(${show(want)})`),
    toBeInstanceOf: (cls) => check(actual instanceof cls, `toBeInstanceOf(${cls.name})`),
    toBeCloseTo: (want, digits = 2) => check(Math.abs(Number(actual) - want) < 10 ** -digits / 2, `toBeCloseTo(${want}, ${digits})`),
    toThrow: (want) => {
      let error: unknown = null;
      try {
        (actual as () => unknown)();
      } catch (e) {
        error = e;
      }
      const message = error instanceof Error ? error.message : String(error);
      const pass = error !== null && (want === undefined || (typeof want === 'string' ? message.includes(want) : want.test(message)));
      check(pass, `toThrow(${want === undefined ? '' : String(want)}), threw ${error === null ? 'nothing' : show(message)}`);
    },
  };
}

export function expect(actual: unknown): Matchers & { not: Matchers } {
  return Object.assign(matchers(actual, false), { not: matchers(actual, true) });
}

/** Puts describe, test, it and expect on globalThis, where a jest spec looks for them. */
export function install(): void {
  Object.assign(globalThis, { describe, test, it: test, expect });
}

/** Runs every registered case in order (a failure does not stop the rest). */
export async function runAll(): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases.splice(0)) {
    // a task boundary between cases, so the page's event loop (and its load event) moves on
    await new Promise((r) => setTimeout(r, 0));
    const t0 = performance.now();
    try {
      await c.fn();
      out.push({ name: c.name, ok: true, ms: performance.now() - t0 });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: e instanceof Error ? e.message : String(e), ms: performance.now() - t0 });
    }
  }
  return out;
}
