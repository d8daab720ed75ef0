import { describe, expect, it } from 'vitest';
import { diceScore, iouScore, SegmentationMeter } from '../../src/metrics/index';
import { seededRandom as rng } from '../helpers/random';

interface Case {
  pred: { data: number[]; shape: number[] };
  target: { data: number[]; shape: number[] };
  B: number;
  C: number;
  N: number;
  predIsMask: boolean;
  targetIsMask: boolean;
  ignore: number | undefined;
}

// Membership tests written straight from the definitions, independent of the library's kernel.
function predHas(k: Case, b: number, c: number, i: number): boolean {
  return k.predIsMask ? k.pred.data[(b * k.C + c) * k.N + i] === 1 : k.pred.data[b * k.N + i] === c;
}
function targetHas(k: Case, b: number, c: number, i: number): boolean {
  return k.targetIsMask ? k.target.data[(b * k.C + c) * k.N + i] === 1 : k.target.data[b * k.N + i] === c;
}
function ignored(k: Case, b: number, i: number): boolean {
  return !k.targetIsMask && k.ignore !== undefined && k.target.data[b * k.N + i] === k.ignore;
}

function referenceCounts(k: Case) {
  const I: number[] = [];
  const P: number[] = [];
  const T: number[] = [];
  let pixels = 0;
  let correct = 0;
  for (let b = 0; b < k.B; b++) {
    for (let c = 0; c < k.C; c++) {
      let i0 = 0;
      let p0 = 0;
      let t0 = 0;
      for (let i = 0; i < k.N; i++) {
        if (ignored(k, b, i)) continue;
        const p = predHas(k, b, c, i);
        const t = targetHas(k, b, c, i);
        if (p) p0++;
        if (t) t0++;
        if (p && t) i0++;
      }
      I.push(i0);
      P.push(p0);
      T.push(t0);
    }
    for (let i = 0; i < k.N; i++) {
      if (ignored(k, b, i)) continue;
      pixels++;
      let same = true;
      for (let c = 0; c < k.C; c++) if (predHas(k, b, c, i) !== targetHas(k, b, c, i)) same = false;
      if (same) correct++;
    }
  }
  return { I, P, T, pixels, correct };
}

function referenceScores(k: Case, metric: 'dice' | 'iou', s: number, includeBackground: boolean) {
  const { I, P, T } = referenceCounts(k);
  const perImage = I.map((i, j) => {
    if (!includeBackground && j % k.C === 0) return Number.NaN;
    const den = metric === 'dice' ? P[j]! + T[j]! + s : P[j]! + T[j]! - i + s;
    const num = metric === 'dice' ? 2 * i + s : i + s;
    return den === 0 ? Number.NaN : num / den;
  });
  const nanmean = (xs: number[]) => {
    const ok = xs.filter((x) => !Number.isNaN(x));
    return ok.length === 0 ? Number.NaN : ok.reduce((a, x) => a + x, 0) / ok.length;
  };
  const perClass: number[] = [];
  for (let c = 0; c < k.C; c++) perClass.push(nanmean(perImage.filter((_, j) => j % k.C === c)));
  return { perImage, perClass, mean: nanmean(perClass) };
}

function randomCase(r: () => number, predIsMask: boolean, targetIsMask: boolean): Case {
  const B = 1 + Math.floor(r() * 3);
  const C = 1 + Math.floor(r() * 5);
  const spatial =
    r() < 0.5 ? [1 + Math.floor(r() * 6), 1 + Math.floor(r() * 6)] : [2, 3, 1 + Math.floor(r() * 4)];
  const N = spatial.reduce((a, x) => a * x, 1);
  const withIgnore = !(predIsMask && targetIsMask) && r() < 0.6;
  const ignore = withIgnore ? (r() < 0.5 ? 255 : -1) : undefined;
  // Few classes used per image, so that some classes are absent from both sides (NaN).
  const labels = (forPred: boolean) => {
    const out: number[] = [];
    for (let b = 0; b < B; b++) {
      const used = 1 + Math.floor(r() * C);
      for (let i = 0; i < N; i++) {
        const u = r();
        if (ignore !== undefined && u < 0.1) out.push(ignore);
        else if (forPred && u < 0.15)
          out.push(C + Math.floor(r() * 3)); // predicted as no class
        else out.push(Math.floor(r() * used));
      }
    }
    return out;
  };
  const masks = () => {
    const out: number[] = [];
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < C; c++) {
        const density = [0, 0.15, 0.5, 0.9][Math.floor(r() * 4)]!;
        for (let i = 0; i < N; i++) out.push(r() < density ? 1 : 0);
      }
    }
    return out;
  };
  return {
    pred: {
      data: predIsMask ? masks() : labels(true),
      shape: predIsMask ? [B, C, ...spatial] : [B, ...spatial],
    },
    target: {
      data: targetIsMask ? masks() : labels(false),
      shape: targetIsMask ? [B, C, ...spatial] : [B, ...spatial],
    },
    B,
    C,
    N,
    predIsMask,
    targetIsMask,
    ignore,
  };
}

const FORMS: [string, boolean, boolean][] = [
  ['two label maps', false, false],
  ['two mask stacks', true, true],
  ['a label map against masks', false, true],
  ['masks against a label map', true, false],
];

function optionsOf(k: Case, extra: object = {}) {
  const o: Record<string, unknown> = { ...extra };
  if (!k.predIsMask && !k.targetIsMask) o['numClasses'] = k.C;
  if (k.ignore !== undefined) o['ignoreIndex'] = k.ignore;
  return o;
}

function expectSame(actual: ArrayLike<number>, expected: number[]) {
  expect(actual.length).toBe(expected.length);
  for (let j = 0; j < expected.length; j++) expect(actual[j]).toBe(expected[j]);
}

describe('diceScore and iouScore against a straightforward reference loop (seeded random inputs)', () => {
  for (const [label, pm, tm] of FORMS) {
    it(`agree element for element on ${label}, with and without smooth and background`, () => {
      const r = rng(1234 + (pm ? 1 : 0) + (tm ? 2 : 0));
      let nanSeen = 0;
      for (let trial = 0; trial < 150; trial++) {
        const k = randomCase(r, pm, tm);
        const s = trial % 3 === 0 ? 0.5 : 0;
        const includeBackground = trial % 4 !== 1;
        for (const metric of ['dice', 'iou'] as const) {
          const fn = metric === 'dice' ? diceScore : iouScore;
          const got = fn(k.pred, k.target, optionsOf(k, { smooth: s, includeBackground }));
          const want = referenceScores(k, metric, s, includeBackground);
          expectSame(got.perImage, want.perImage);
          expectSame(got.perClass, want.perClass);
          expect(Object.is(got.mean, want.mean) || Math.abs(got.mean - want.mean) < 1e-15).toBe(true);
          expect(got.shape).toEqual([k.B, k.C]);
          nanSeen += want.perImage.filter(Number.isNaN).length;
        }
      }
      expect(nanSeen).toBeGreaterThan(0); // the cases exercise the NaN convention
    });
  }

  it('give the same scores for number[], Uint8Array, Int16Array and Float32Array data', () => {
    const r = rng(77);
    for (let trial = 0; trial < 20; trial++) {
      const k = randomCase(r, false, false);
      const want = diceScore(k.pred, k.target, optionsOf(k));
      // ignore -1 does not fit Uint8Array: use Int16Array for it there
      const kinds = [Int16Array, Float32Array, k.ignore === -1 ? Int16Array : Uint8Array];
      for (const K of kinds) {
        const got = diceScore(
          { data: K.from(k.pred.data), shape: k.pred.shape },
          { data: K.from(k.target.data), shape: k.target.shape },
          optionsOf(k),
        );
        expectSame(got.perImage, Array.from(want.perImage));
      }
    }
  });
});

describe('invariants', () => {
  it('Dice equals 2·IoU/(1 + IoU) for every image and class when smooth is 0', () => {
    const r = rng(9);
    for (let trial = 0; trial < 40; trial++) {
      const [, pm, tm] = FORMS[trial % 4]!;
      const k = randomCase(r, pm, tm);
      const d = diceScore(k.pred, k.target, optionsOf(k));
      const j = iouScore(k.pred, k.target, optionsOf(k));
      for (let q = 0; q < d.perImage.length; q++) {
        const iou = j.perImage[q]!;
        if (Number.isNaN(iou)) expect(d.perImage[q]).toBeNaN();
        else expect(Math.abs(d.perImage[q]! - (2 * iou) / (1 + iou))).toBeLessThan(1e-15);
      }
    }
  });

  it('give the same scores when prediction and target swap (labels in range, no ignoreIndex)', () => {
    const r = rng(10);
    for (let trial = 0; trial < 30; trial++) {
      const C = 1 + Math.floor(r() * 4);
      const n = 12;
      const a = Array.from({ length: 2 * n }, () => Math.floor(r() * C));
      const b = Array.from({ length: 2 * n }, () => Math.floor(r() * C));
      const x = iouScore({ data: a, shape: [2, 3, 4] }, { data: b, shape: [2, 3, 4] }, { numClasses: C });
      const y = iouScore({ data: b, shape: [2, 3, 4] }, { data: a, shape: [2, 3, 4] }, { numClasses: C });
      expectSame(x.perImage, Array.from(y.perImage));
    }
  });

  it('score a perfect prediction 1 for every present class', () => {
    const labels = [0, 2, 2, 1, 0, 2];
    const r = diceScore(
      { data: labels, shape: [1, 6] },
      { data: labels.slice(), shape: [1, 6] },
      { numClasses: 4 },
    );
    expect(Array.from(r.perImage)).toEqual([1, 1, 1, Number.NaN]);
    expect(r.mean).toBe(1);
  });

  it('never mutate the caller’s data or shape', () => {
    const r = rng(11);
    for (const [, pm, tm] of FORMS) {
      const k = randomCase(r, pm, tm);
      const pd = Int32Array.from(k.pred.data);
      const td = Int32Array.from(k.target.data);
      const ps = k.pred.shape.slice();
      const ts = k.target.shape.slice();
      const pred = { data: pd, shape: k.pred.shape };
      const target = { data: td, shape: k.target.shape };
      diceScore(pred, target, optionsOf(k));
      new SegmentationMeter(optionsOf(k)).update(pred, target).iou();
      expect(Array.from(pd)).toEqual(k.pred.data);
      expect(Array.from(td)).toEqual(k.target.data);
      expect(k.pred.shape).toEqual(ps);
      expect(k.target.shape).toEqual(ts);
    }
  });
});

describe('SegmentationMeter against the reference totals', () => {
  for (const [label, pm, tm] of FORMS) {
    it(`sums intersections, predicted and target counts of every image (${label})`, () => {
      const r = rng(4321 + (pm ? 1 : 0) + (tm ? 2 : 0));
      for (let trial = 0; trial < 20; trial++) {
        const first = randomCase(r, pm, tm);
        // Further batches with the same C (and ignoreIndex) as the first.
        const batches: Case[] = [first];
        while (batches.length < 4) {
          const k = randomCase(r, pm, tm);
          if (k.C === first.C && k.ignore === first.ignore) batches.push(k);
        }
        const s = trial % 2 === 0 ? 0 : 1;
        const meter = new SegmentationMeter(optionsOf(first, { smooth: s }));
        const I = new Array<number>(first.C).fill(0);
        const P = I.slice();
        const T = I.slice();
        let pixels = 0;
        let correct = 0;
        let images = 0;
        for (const k of batches) {
          meter.update(k.pred, k.target);
          const ref = referenceCounts(k);
          for (let j = 0; j < ref.I.length; j++) {
            I[j % k.C]! += ref.I[j]!;
            P[j % k.C]! += ref.P[j]!;
            T[j % k.C]! += ref.T[j]!;
          }
          pixels += ref.pixels;
          correct += ref.correct;
          images += k.B;
        }
        const tot = meter.totals();
        expect(Array.from(tot.intersection)).toEqual(I);
        expect(Array.from(tot.predicted)).toEqual(P);
        expect(Array.from(tot.target)).toEqual(T);
        expect([tot.pixels, tot.correct, tot.images]).toEqual([pixels, correct, images]);
        expect(meter.pixelAccuracy()).toBe(correct / pixels);
        const iou = I.map((i, c) => (i + s) / (P[c]! + T[c]! - i + s));
        const dice = I.map((i, c) => (2 * i + s) / (P[c]! + T[c]! + s));
        expectSame(meter.iou().perClass, iou);
        expectSame(meter.dice().perClass, dice);
        const ok = iou.filter((x) => !Number.isNaN(x));
        const want = ok.length ? ok.reduce((a, x) => a + x, 0) / ok.length : Number.NaN;
        const got = meter.iou().mean;
        expect(Object.is(got, want) || Math.abs(got - want) < 1e-15).toBe(true);
      }
    });
  }

  it('gives the same totals whether a batch is added at once or image by image', () => {
    const r = rng(99);
    const k = randomCase(r, false, false);
    const whole = new SegmentationMeter(optionsOf(k)).update(k.pred, k.target);
    const split = new SegmentationMeter(optionsOf(k));
    for (let b = 0; b < k.B; b++) {
      split.update(
        { data: k.pred.data.slice(b * k.N, (b + 1) * k.N), shape: [1, ...k.pred.shape.slice(1)] },
        { data: k.target.data.slice(b * k.N, (b + 1) * k.N), shape: [1, ...k.target.shape.slice(1)] },
      );
    }
    expect(split.totals()).toEqual(whole.totals());
  });
});
