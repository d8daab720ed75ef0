/**
 * `npm run bench:regret`: how much exact expected Dice (and IoU) RMA and BA give up against the
 * exact solver, per image and class, on the bench inputs and on the parity fixtures. Regret is
 * exact expected score of the exact solver's mask minus that of the other solver's mask (≥ 0).
 */
import { expectedScore, type ProbabilityTensor, solve } from '../src/index';
import { loadFixtures } from '../tests/helpers/fixtures';
import { realisticProbs } from '../tests/helpers/random';

interface Input {
  name: string;
  probs: ProbabilityTensor;
}

const inputs: Input[] = [
  {
    name: 'voc 1×21×512×512',
    probs: { data: realisticProbs(2026, 1, 21, [512, 512]), shape: [1, 21, 512, 512] },
  },
  {
    name: 'binary 1×1×512×512',
    probs: { data: realisticProbs(2026, 1, 1, [512, 512]), shape: [1, 1, 512, 512] },
  },
  ...loadFixtures().cases.map((c) => ({
    name: `fixture ${c.name}`,
    probs: { data: c.data, shape: c.shape },
  })),
];

function regret(
  probs: ProbabilityTensor,
  metric: 'dice' | 'iou',
  solver: 'rma' | 'ba',
): { mean: number; max: number } {
  const options = { metric, outputMode: 'multilabel', pruningProb: 0 } as const;
  const exact = solve(probs, { ...options, solver: 'exact' });
  const other = expectedScore(probs, solve(probs, { ...options, solver }).mask, { metric });
  let sum = 0;
  let max = 0;
  for (let k = 0; k < other.length; k++) {
    const r = exact.expected[k]! - other[k]!;
    sum += r;
    max = Math.max(max, r);
  }
  return { mean: sum / other.length, max };
}

console.log(
  'exact expected-score regret against the exact solver (pruningProb 0; mean and max over image-classes)',
);
console.log(
  `${'input'.padEnd(36)} ${'RMA Dice'.padStart(22)} ${'BA Dice'.padStart(22)} ${'RMA IoU'.padStart(22)}`,
);
const fmt = (r: { mean: number; max: number }) =>
  `${r.mean.toExponential(1)} / ${r.max.toExponential(1)}`.padStart(22);
for (const { name, probs } of inputs) {
  console.log(
    `${name.padEnd(36)} ${fmt(regret(probs, 'dice', 'rma'))} ${fmt(regret(probs, 'dice', 'ba'))} ${fmt(regret(probs, 'iou', 'rma'))}`,
  );
}
