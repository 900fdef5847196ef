/**
 * libstdc++'s std::sort (introsort: median-of-3 quicksort, heapsort past the depth limit, a final
 * insertion sort over runs of 16), step for step. PyTorch's CPU mode sorts (value, index) pairs
 * with it comparing values only, so which index of a tied value ends a run is this algorithm's
 * choice; reproducing the algorithm reproduces the choice.
 */

const THRESHOLD = 16;

/**
 * Sorts `order` (positions into `keys`) in place as `std::sort(first, last, comp)` would, with
 * `comp(a, b) = keys[a] < keys[b]` (false whenever a NaN is involved, as in C++).
 */
export function stlSort(order: Int32Array, keys: ArrayLike<number>): void {
  const n = order.length;
  if (n < 2) return;
  const less = (a: number, b: number): boolean => keys[a]! < keys[b]!;
  const swap = (i: number, j: number): void => {
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  };

  const adjustHeap = (first: number, hole: number, len: number, value: number): void => {
    const top = hole;
    let child = hole;
    while (child < Math.floor((len - 1) / 2)) {
      child = 2 * (child + 1);
      if (less(order[first + child]!, order[first + child - 1]!)) child--;
      order[first + hole] = order[first + child]!;
      hole = child;
    }
    if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
      child = 2 * (child + 1);
      order[first + hole] = order[first + child - 1]!;
      hole = child - 1;
    }
    let parent = Math.floor((hole - 1) / 2);
    while (hole > top && less(order[first + parent]!, value)) {
      order[first + hole] = order[first + parent]!;
      hole = parent;
      parent = Math.floor((hole - 1) / 2);
    }
    order[first + hole] = value;
  };

  const heapSort = (first: number, last: number): void => {
    const len = last - first;
    if (len >= 2) {
      for (let parent = Math.floor((len - 2) / 2); ; parent--) {
        adjustHeap(first, parent, len, order[first + parent]!);
        if (parent === 0) break;
      }
    }
    while (last - first > 1) {
      last--;
      const value = order[last]!;
      order[last] = order[first]!;
      adjustHeap(first, 0, last - first, value);
    }
  };

  const moveMedianToFirst = (result: number, a: number, b: number, c: number): void => {
    const [va, vb, vc] = [order[a]!, order[b]!, order[c]!];
    if (less(va, vb)) {
      if (less(vb, vc)) swap(result, b);
      else if (less(va, vc)) swap(result, c);
      else swap(result, a);
    } else if (less(va, vc)) swap(result, a);
    else if (less(vb, vc)) swap(result, c);
    else swap(result, b);
  };

  const partition = (first: number, last: number, pivot: number): number => {
    for (;;) {
      // Bounds guard only for a NaN-broken order (C++ would read past the range there).
      while (first < n - 1 && less(order[first]!, order[pivot]!)) first++;
      last--;
      while (last > 0 && less(order[pivot]!, order[last]!)) last--;
      if (!(first < last)) return first;
      swap(first, last);
      first++;
    }
  };

  const introsortLoop = (first: number, last: number, depth: number): void => {
    while (last - first > THRESHOLD) {
      if (depth === 0) {
        heapSort(first, last);
        return;
      }
      depth--;
      const mid = first + Math.floor((last - first) / 2);
      moveMedianToFirst(first, first + 1, mid, last - 1);
      const cut = partition(first + 1, last, first);
      introsortLoop(cut, last, depth);
      last = cut;
    }
  };

  const linearInsert = (i: number, lowest: number): void => {
    const value = order[i]!;
    while (i > lowest && less(value, order[i - 1]!)) {
      order[i] = order[i - 1]!;
      i--;
    }
    order[i] = value;
  };

  const insertionSort = (first: number, last: number): void => {
    for (let i = first + 1; i < last; i++) {
      const value = order[i]!;
      if (less(value, order[first]!)) {
        order.copyWithin(first + 1, first, i);
        order[first] = value;
      } else linearInsert(i, first);
    }
  };

  introsortLoop(0, n, 2 * (31 - Math.clz32(n))); // 2 * floor(log2 n), std::__lg
  if (n > THRESHOLD) {
    insertionSort(0, THRESHOLD);
    for (let i = THRESHOLD; i < n; i++) linearInsert(i, 0);
  } else insertionSort(0, n);
}
