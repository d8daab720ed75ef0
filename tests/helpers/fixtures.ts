import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RanksegOptions } from '../../src/index';

/** One reference output of the Python package (DESIGN §6). */
export interface FixtureOutput {
  options: Record<string, string | number>;
  shape: number[];
  pred: number[];
}

export interface FixtureCase {
  name: string;
  shape: number[];
  probs: number[];
  outputs: FixtureOutput[];
}

const path = fileURLToPath(new URL('../fixtures/rankseg-parity.json', import.meta.url));

/** The parity fixtures vendored in `tests/fixtures` (see its PROVENANCE.md), with probabilities as the float32 they were. */
export function loadFixtures(): { cases: (FixtureCase & { data: Float32Array })[] } {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { cases: FixtureCase[] };
  return { cases: raw.cases.map((c) => ({ ...c, data: Float32Array.from(c.probs) })) };
}

/** The reference package's option names and values, mapped to ours. */
export function toOurOptions(reference: Record<string, string | number>): RanksegOptions {
  const solvers: Record<string, string> = {
    rma: 'rma',
    tr: 'threshold',
    argmax: 'argmax',
    ba: 'ba',
    trna: 'trna',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(reference)) {
    if (key === 'metric') out.metric = value;
    else if (key === 'solver')
      out.solver = solvers[String(value).toLowerCase()] ?? String(value).toLowerCase();
    else if (key === 'output_mode') out.outputMode = value;
    else if (key === 'smooth') out.smooth = value;
    else if (key === 'pruning_prob') out.pruningProb = value;
    else if (key === 'unassigned_policy') out.unassignedPolicy = value;
    else if (key === 'void_index') out.voidIndex = value;
    else if (key === 'eps') out.eps = value;
    else throw new Error(`fixture option ${key} has no counterpart`);
  }
  return out as RanksegOptions;
}
