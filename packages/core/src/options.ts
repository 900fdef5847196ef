/**
 * Options objects are PyTorch's keyword arguments: a key the function does not know is an error
 * naming the nearest known key (PyTorch's TypeError words), never silently ignored.
 */

/** Levenshtein distance, for "did you mean". */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const fold = (s: string): string => s.replace(/_/g, '').toLowerCase();

/** The known key closest to `key` (snake_case and case differences count as nothing), if any is close. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = fold(k) === fold(key) ? 0 : editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/**
 * Throws `name() got an unexpected keyword argument 'key' (did you mean 'near'?)` for the first key
 * of `opts` not in `known`; `undefined` values count as given (a typo is a typo).
 */
export function checkOptions(name: string, opts: object | undefined | null, known: readonly string[]): void {
  if (opts === undefined || opts === null) return;
  for (const key of Object.keys(opts)) {
    if (known.includes(key)) continue;
    const near = nearestKey(key, known);
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`;
    throw new TypeError(`${name}() got an unexpected keyword argument '${key}'${hint}`);
  }
}
