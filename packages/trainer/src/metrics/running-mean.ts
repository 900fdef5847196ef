/** A running (weighted) mean, for losses and metrics averaged over the batches of an epoch. */
export class RunningMean {
  private total = 0;
  private weight = 0;

  /**
   * Adds `value` with weight `n` (e.g. a batch's mean loss and its batch size).
   * @example const m = new RunningMean(); m.update(0.5, 32); m.update(0.3, 16); m.value // 0.4333...
   */
  update(value: number, n = 1): this {
    if (!(n >= 0)) throw new RangeError(`RunningMean weight must be non-negative, got ${n}`);
    this.total += value * n;
    this.weight += n;
    return this;
  }

  /** The mean so far (NaN before the first update). */
  get value(): number {
    return this.weight === 0 ? Number.NaN : this.total / this.weight;
  }

  /** The total weight (number of samples) seen. */
  get count(): number {
    return this.weight;
  }

  /** Forgets everything seen (value is NaN again). */
  reset(): void {
    this.total = 0;
    this.weight = 0;
  }
}
