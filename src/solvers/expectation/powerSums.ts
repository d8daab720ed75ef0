import { MAX_W_POWER } from './bernoulliCumulants';

/**
 * Summary of a set of pixels for the moment expansions: count, Σp and the power sums
 * Σwᵏ, Σu·wᵏ (w = p(1 − p), u = 1 − 2p, k = 1…order) from which bernoulliCumulants gives the
 * cumulants of the set's label count up to order 2·order + 1.
 */
export class PowerSums {
  count = 0;
  sum = 0;
  /** Highest power held (3 after the first pass, MAX_W_POWER after an escalation). */
  order = 0;
  readonly w = new Float64Array(MAX_W_POWER + 1);
  readonly v = new Float64Array(MAX_W_POWER + 1);

  /** Empties the set and sets its order. */
  reset(order: number): void {
    this.count = 0;
    this.sum = 0;
    this.order = order;
    this.w.fill(0);
    this.v.fill(0);
  }

  /** Adds `times` copies of a pixel of probability p. O(order). */
  addPixel(p: number, times = 1): void {
    this.count += times;
    this.sum += times * p;
    const x = p * (1 - p);
    const u = 1 - 2 * p;
    let xk = times * x;
    for (let k = 1; k <= this.order; k++) {
      this.w[k] = this.w[k]! + xk;
      this.v[k] = this.v[k]! + u * xk;
      xk *= x;
    }
  }

  /** this ← a + b (componentwise; order = min of the two). */
  setSum(a: PowerSums, b: PowerSums): void {
    this.count = a.count + b.count;
    this.sum = a.sum + b.sum;
    this.order = Math.min(a.order, b.order);
    for (let k = 0; k <= MAX_W_POWER; k++) {
      this.w[k] = a.w[k]! + b.w[k]!;
      this.v[k] = a.v[k]! + b.v[k]!;
    }
  }

  /** this ← this + a. */
  add(a: PowerSums): void {
    this.count += a.count;
    this.sum += a.sum;
    this.order = Math.min(this.order, a.order);
    for (let k = 0; k <= MAX_W_POWER; k++) {
      this.w[k] = this.w[k]! + a.w[k]!;
      this.v[k] = this.v[k]! + a.v[k]!;
    }
  }

  /** this ← this − a (used within one sorted band only, where the cancellation is harmless). */
  subtract(a: PowerSums): void {
    this.count -= a.count;
    this.sum -= a.sum;
    for (let k = 0; k <= MAX_W_POWER; k++) {
      this.w[k] = this.w[k]! - a.w[k]!;
      this.v[k] = this.v[k]! - a.v[k]!;
    }
  }

  /** this ← a. */
  copy(a: PowerSums): void {
    this.count = a.count;
    this.sum = a.sum;
    this.order = a.order;
    this.w.set(a.w);
    this.v.set(a.v);
  }
}
