/**
 * The volume view's computations, held by the worker between jobs: `open` reads the files and makes
 * the argmax (or p > 0.5) mask; `solve` makes the RankSEG mask for the page's settings, compares
 * the two and writes the overlays. No DOM and no worker API here (worker.ts does the messaging).
 */
import { diceScore, expectedScore, iouScore, rankseg } from 'rankseg';
import { encodeNifti, labelsToNifti } from 'rankseg/io';
import { rmaEstimate } from '../rmaEstimate';
import type {
  MaskFigures,
  NamedBytes,
  VolumeInfo,
  VolumeOutcome,
  VolumeProgress,
  VolumeSettings,
} from './protocol';
import { type ProbabilityVolume, readVolumeFiles } from './readVolumeFiles';
import { solveVolume } from './solveStage';

/**
 * Exact expected scores (`expectedScore`) are computed up to this many voxel-classes per mask
 * (about a quarter of a second per mask in Node at 8·2²⁰); above it the table shows RMA's
 * estimate only.
 */
export const EXACT_SCORE_LIMIT = 32 * 2 ** 20;

type Report = (progress: VolumeProgress) => void;

/** The opened volume. */
interface Opened {
  probs: ProbabilityVolume;
  labels?: Uint8Array;
  /** `(X, Y, Z)` baseline label volume: argmax, or p > 0.5 for one channel (0/1). */
  baseline: Uint8Array;
  baselineFigures: MaskFigures;
  /** The settings `baselineFigures.rma`/`exact` were computed for. */
  baselineFor?: string;
}

const now = () => performance.now();

/** A label volume `(X, Y, Z)` as an uncompressed 3-D uint8 NIfTI with the probabilities' geometry. */
function labelNifti(probs: ProbabilityVolume, labels: Uint8Array, descrip: string): Uint8Array {
  const [x, y, z] = probs.dims;
  return encodeNifti(
    labelsToNifti({ data: labels, shape: [z, y, x] }, probs.header, { datatype: 'uint8', descrip }),
  );
}

/**
 * The probabilities as a 4-D float32 NIfTI for the viewer, display range 0…1: frames 0…C−1 are
 * P(class c); with several classes, frame C is 1 − P(class 0), every non-background class at once.
 */
function backgroundNifti(probs: ProbabilityVolume): Uint8Array {
  const n = probs.data.length / probs.classes;
  const frames = probs.classes === 1 ? 1 : probs.classes + 1;
  const data = new Float32Array(frames * n);
  data.set(probs.data);
  if (frames > probs.classes) {
    const extra = data.subarray(probs.classes * n);
    for (let i = 0; i < n; i++) extra[i] = 1 - probs.data[i]!;
  }
  return encodeNifti({
    data,
    dims: [...probs.dims, frames],
    header: { ...probs.header, intentCode: 0, calMin: 0, calMax: 1, descrip: 'probabilities' },
  });
}

/** The rankseg tensor of the volume: `[1, C, Z, Y, X]`. */
function tensorOf(probs: ProbabilityVolume) {
  const [x, y, z] = probs.dims;
  return { data: probs.data, shape: [1, probs.classes, z, y, x] };
}

/** A label volume as the mask form rankseg's scorers take: labels `[1, Z, Y, X]`, or `[1, 1, Z, Y, X]` 0/1. */
function maskOf(probs: ProbabilityVolume, labels: Uint8Array) {
  const [x, y, z] = probs.dims;
  return { data: labels, shape: probs.classes === 1 ? [1, 1, z, y, x] : [1, z, y, x] };
}

/**
 * Per axis, the slice with the most nonzero voxels: the crosshair there shows, in each view, the
 * slice where the masks differ most. The centre when nothing differs. O(n).
 */
export function busiestSlices(
  volume: Uint8Array,
  dims: readonly [number, number, number],
): [number, number, number] {
  const [nx, ny, nz] = dims;
  const counts = [new Int32Array(nx), new Int32Array(ny), new Int32Array(nz)] as const;
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      for (let x = 0; x < nx; x++, i++) {
        if (volume[i] === 0) continue;
        counts[0][x]!++;
        counts[1][y]!++;
        counts[2][z]!++;
      }
    }
  }
  return counts.map((perSlice) => {
    let best = perSlice.length >> 1;
    for (let k = 0; k < perSlice.length; k++) if (perSlice[k]! > perSlice[best]!) best = k;
    return best;
  }) as [number, number, number];
}

export class VolumeSession {
  private opened: Opened | undefined;

  /** Reads the files and makes the baseline mask. */
  open(files: readonly NamedBytes[], report: Report): VolumeInfo {
    this.opened = undefined;
    report({ stage: 'reading', fraction: 0, message: `Reading ${files.map((f) => f.name).join(', ')}` });
    let start = now();
    const read = readVolumeFiles(files);
    const probs = read.probabilities;
    const readMs = now() - start;
    const binary = probs.classes === 1;
    report({ stage: 'argmax', fraction: 0.6, message: binary ? 'p > 0.5 mask' : 'argmax mask' });
    start = now();
    const mask = rankseg(tensorOf(probs), {
      metric: 'accuracy',
      solver: binary ? 'threshold' : 'argmax',
      outputMode: binary ? 'multilabel' : 'multiclass',
    });
    const baseline = Uint8Array.from(mask.data);
    const baselineMs = now() - start;
    this.opened = {
      probs,
      baseline,
      baselineFigures: { voxels: [], rma: [] },
      ...(read.labels ? { labels: read.labels.data } : {}),
    };
    const [x, y, z] = probs.dims;
    const voxelSize = [1, 2, 3].map((k) => probs.header.pixdim[k] ?? 1) as [number, number, number];
    const info: VolumeInfo = {
      name: probs.name,
      dims: [x, y, z],
      voxelSize,
      classes: probs.classes,
      classNames: binary
        ? ['foreground']
        : Array.from({ length: probs.classes }, (_, c) => (c === 0 ? 'class 0 (background)' : `class ${c}`)),
      notes: [...probs.notes, ...read.notes],
      background: backgroundNifti(probs),
      baselineVolume: labelNifti(probs, baseline, binary ? 'p > 0.5' : 'argmax'),
      readMs,
      baselineMs,
    };
    if (read.labels) info.labelsName = read.labels.name;
    return info;
  }

  /** Runs RankSEG with `settings` and compares it with the baseline. */
  async solve(settings: VolumeSettings, report: Report): Promise<VolumeOutcome> {
    const opened = this.opened;
    if (!opened) throw new Error('no volume is open (open one first)');
    const { probs, baseline } = opened;
    const binary = probs.classes === 1;
    const jobStart = now();
    report({
      stage: 'solve',
      fraction: 0,
      message: `RankSEG solve (${settings.metric}, ${settings.solver}, ${binary ? 'binary' : `${probs.classes} classes`})`,
    });
    const tensor = tensorOf(probs);
    const options = {
      metric: settings.metric,
      solver: settings.solver,
      smooth: settings.smooth,
      pruningProb: settings.pruningProb,
      outputMode: binary ? 'multilabel' : 'multiclass',
    };
    const start = now();
    const solution = await solveVolume(tensor, options, {
      onProgress: (f) => report({ stage: 'solve', fraction: 0.7 * f, message: 'RankSEG solve' }),
    });
    const solveMs = now() - start;
    const ranked = Uint8Array.from(solution.mask.data);

    report({ stage: 'scores', fraction: 0.7, message: 'Expected scores and metrics' });
    const affordable = probs.data.length <= EXACT_SCORE_LIMIT;
    const key = `${settings.metric}/${settings.smooth}`;
    if (opened.baselineFor !== key) {
      opened.baselineFigures = this.figures(baseline, settings, affordable);
      opened.baselineFor = key;
    }
    const rankFigures = this.figures(ranked, settings, affordable);

    report({ stage: 'overlays', fraction: 0.9, message: 'Overlays' });
    const difference = new Uint8Array(ranked.length);
    let added = 0;
    let removed = 0;
    let relabelled = 0;
    for (let i = 0; i < ranked.length; i++) {
      const a = baseline[i]!;
      const b = ranked[i]!;
      if (a === b) continue;
      // class 0 is the background in multiclass label maps; binary maps are 0/1 already
      const code = a === 0 ? 1 : b === 0 ? 2 : 3;
      difference[i] = code;
      if (code === 1) added++;
      else if (code === 2) removed++;
      else relabelled++;
    }
    const outcome: VolumeOutcome = {
      settings,
      focus: busiestSlices(difference, probs.dims),
      ranksegLabels: ranked,
      differenceLabels: difference,
      added,
      removed,
      relabelled,
      solverVolume: Array.from(solution.volume),
      solverExpected: Array.from(solution.expected),
      baseline: opened.baselineFigures,
      rankseg: rankFigures,
      solveMs,
      totalMs: now() - jobStart,
    };
    if (!affordable) {
      outcome.exactSkipped = `exact expected scores skipped: ${probs.data.length} voxel-classes > ${EXACT_SCORE_LIMIT}`;
    }
    return outcome;
  }

  /** Voxels per class, RMA estimate, exact expected score (when affordable), Dice/IoU against labels. */
  private figures(labels: Uint8Array, settings: VolumeSettings, exact: boolean): MaskFigures {
    const { probs } = this.opened!;
    const binary = probs.classes === 1;
    const rma = rmaEstimate(probs.data, probs.classes, labels, settings.metric, settings.smooth);
    const out: MaskFigures = { voxels: Array.from(rma.volume), rma: Array.from(rma.perClass) };
    if (exact) {
      out.exact = Array.from(
        expectedScore(tensorOf(probs), maskOf(probs, labels), {
          metric: settings.metric,
          smooth: settings.smooth,
        }),
      );
    }
    const target = this.opened!.labels;
    if (target) {
      const pred = maskOf(probs, labels);
      const truth = maskOf(probs, target);
      const options = binary
        ? { input: 'masks' as const }
        : { input: 'labels' as const, numClasses: probs.classes, ignoreIndex: 255 };
      out.dice = Array.from(diceScore(pred, truth, options).perClass);
      out.iou = Array.from(iouScore(pred, truth, options).perClass);
    }
    return out;
  }
}
