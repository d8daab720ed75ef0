/**
 * The messages between the volume page and its Web Worker (worker.ts), and the shapes of what the
 * worker sends back. Two jobs: `open` reads the dropped files (probabilities, optional labels) and
 * makes the argmax mask; `solve` runs RankSEG with the page's settings and makes the overlays and
 * the figures. `open` sorts the files itself (readVolumeFiles.ts). Every job answers with
 * `progress` messages, then exactly one `done` or `failed`.
 *
 * The page-side API over these messages (client.ts) has the shape of rankseg's
 * `solveAsync(probs, { onProgress, signal })`: a promise per job, a progress callback and an
 * AbortSignal. Only the solve step inside the worker (solveStage.ts) calls the library's solver.
 */

/** The coarse stages a job reports, in order. */
export type VolumeStage = 'reading' | 'argmax' | 'solve' | 'scores' | 'overlays';

/** A progress report: the stage and the fraction of the whole job done (0…1). */
export interface VolumeProgress {
  stage: VolumeStage;
  fraction: number;
  /** A sentence for the status line, e.g. "RankSEG solve (rma, 4 classes)". */
  message: string;
}

/** A file as the worker receives it. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** The settings the RankSEG mask depends on (the page's controls). */
export interface VolumeSettings {
  metric: 'dice' | 'iou';
  solver: string;
  smooth: number;
  pruningProb: number;
}

/** What `open` reports about the volume. */
export interface VolumeInfo {
  /** Name of the probability file. */
  name: string;
  /** NIfTI sizes `(X, Y, Z)`. */
  dims: [number, number, number];
  /** Voxel sizes in the file's units (usually mm). */
  voxelSize: [number, number, number];
  /** Number of probability channels C; 1 = a binary task (foreground probability). */
  classes: number;
  /** Display names: "class 0"… (or "background", "foreground" for C = 1). */
  classNames: string[];
  /** Name of the label file, when one was given and read. */
  labelsName?: string;
  /** Notes for the page (e.g. logits read as such, a file ignored). */
  notes: string[];
  /**
   * The probabilities as a 4-D float32 NIfTI with the file's geometry (uncompressed, for the
   * viewer): frame c is P(class c); with C > 1, frame C is 1 − P(class 0).
   */
  background: Uint8Array;
  /** The argmax (C > 1) or p > 0.5 (C = 1) label volume as a 3-D uint8 NIfTI, label intent. */
  baselineVolume: Uint8Array;
  /** Milliseconds: reading the files, and the argmax (or threshold) mask. */
  readMs: number;
  baselineMs: number;
}

/** Figures of one mask, per class (binary tasks: one entry, the foreground). */
export interface MaskFigures {
  /** Voxels per class in the mask. */
  voxels: number[];
  /** RMA's estimate of this mask's expected Dice/IoU (demo/src/rmaEstimate.ts). */
  rma: number[];
  /** The exact expected Dice/IoU (rankseg's `expectedScore`), absent when not affordable. */
  exact?: number[];
  /** Dice and IoU against the labels (`diceScore`, `iouScore`), when labels were given. */
  dice?: number[];
  iou?: number[];
}

/** What `solve` returns. */
export interface VolumeOutcome {
  settings: VolumeSettings;
  /** RankSEG's label volume `(X, Y, Z)`, x fastest (the baseline's geometry). */
  ranksegLabels: Uint8Array;
  /**
   * Where the masks differ, `(X, Y, Z)`: 0 same, 1 RankSEG adds (the baseline said background), 2
   * RankSEG removes (RankSEG says background), 3 relabelled (two different non-background classes).
   * Background is class 0 (binary tasks: "not foreground").
   */
  differenceLabels: Uint8Array;
  /** A voxel `(x, y, z)` whose three orthogonal slices hold the most differing voxels. */
  focus: [number, number, number];
  /** Voxel counts of codes 1, 2, 3 of the difference volume. */
  added: number;
  removed: number;
  relabelled: number;
  /** Per class: the solver's volume τ (before multiclass overlap resolution) and objective. */
  solverVolume: number[];
  solverExpected: number[];
  baseline: MaskFigures;
  rankseg: MaskFigures;
  /** Why the exact expected scores are absent, when they are. */
  exactSkipped?: string;
  /** Milliseconds of the RankSEG solve, and of the whole job. */
  solveMs: number;
  totalMs: number;
}

/** A job for the worker. */
export type VolumeRequest =
  | { type: 'open'; job: number; files: NamedBytes[] }
  | { type: 'solve'; job: number; settings: VolumeSettings };

/** A message from the worker. */
export type VolumeReply =
  | { type: 'progress'; job: number; progress: VolumeProgress }
  | { type: 'done'; job: number; info: VolumeInfo }
  | { type: 'done'; job: number; outcome: VolumeOutcome }
  | { type: 'failed'; job: number; error: { name: string; message: string } };
