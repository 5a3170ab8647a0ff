/**
 * Keeps a bounded, evenly thinned history of a stream of values for a live curve: when `capacity` points
 * have accumulated, neighbouring pairs are averaged and the stride doubles. O(1) amortised per push.
 */
export class Decimator {
  private stride = 1;
  private sum = 0;
  private count = 0;
  private values: number[] = [];

  /**
   * Makes an empty history.
   *
   * @param capacity the most points kept (≥ 2); between capacity/2 and capacity are kept once it has filled.
   */
  constructor(private readonly capacity = 200) {}

  /**
   * Adds a value; non-finite values are ignored.
   *
   * @param v the value.
   */
  push(v: number): void {
    if (!Number.isFinite(v)) return;
    this.sum += v;
    if (++this.count < this.stride) return;
    this.values.push(this.sum / this.count);
    this.sum = 0;
    this.count = 0;
    if (this.values.length >= this.capacity) {
      const half: number[] = [];
      for (let i = 0; i + 1 < this.values.length; i += 2)
        half.push((this.values[i] + this.values[i + 1]) / 2);
      this.values = half;
      this.stride *= 2;
    }
  }

  /** How many raw values each kept point averages. */
  get step(): number {
    return this.stride;
  }

  /**
   * The kept points, oldest first, plus the mean of a partly filled last bucket.
   *
   * @returns a new array the caller owns.
   */
  snapshot(): number[] {
    return this.count > 0 ? [...this.values, this.sum / this.count] : [...this.values];
  }
}
