/**
 * How a tensor is cut into tasks for the pool: contiguous runs of images, or in multilabel output
 * of image-class slices, so that every task's input, mask and per-class figures are contiguous
 * ranges of the whole (zero-copy sub-views).
 *
 * @module
 */

/** The tensor's dimensions, channels first: `[batch, classes, ...spatial]`. */
export interface TensorSize {
  batch: number;
  classes: number;
  /** Pixels per image and class. */
  pixels: number;
  spatialShape: readonly number[];
}

/** One task: which part of the input it reads and which parts of the outputs it fills. */
export interface Task {
  /** First value of its input, and how many (a contiguous range of the `[B, C, D]` data). */
  inputStart: number;
  inputLength: number;
  /** The sub-tensor's shape, `[B', C', ...spatial]`. */
  shape: number[];
  /** First mask element it writes, and how many. */
  maskStart: number;
  maskLength: number;
  /** First image-class slice (index of volume, cutoff, expected), and how many. */
  sliceStart: number;
  sliceCount: number;
}

/**
 * What a task holds: whole images, or single image-class slices (multilabel output of a solver
 * that decides each class alone: every one but argmax).
 */
export type TaskUnit = 'image' | 'slice';

/** Below this many values a task is not split further (each task allocates the solver's scratch). */
export const MIN_TASK_VALUES = 1 << 18;
/** Tasks per thread at most: enough for the threads to finish together when slices differ in cost. */
export const TASKS_PER_THREAD = 4;

/**
 * The unit tasks are made of.
 *
 * @example
 * ```ts
 * taskUnit('multilabel', 'rma'); // 'slice'
 * taskUnit('multiclass', 'rma'); // 'image'
 * ```
 */
export function taskUnit(outputMode: string, solver: string): TaskUnit {
  return outputMode === 'multilabel' && solver !== 'argmax' ? 'slice' : 'image';
}

/**
 * Cuts the tensor into contiguous tasks of nearly equal size (the sizes differ by at most one
 * unit): at least `threads` (when there are that many units), at most `TASKS_PER_THREAD` per
 * thread, and not smaller than `MIN_TASK_VALUES` values where that still gives every thread one.
 *
 * @param multiclass - whether the mask has one label per pixel (`[B, ...spatial]`) rather than
 *   one 0/1 mask per class (`[B, C, ...spatial]`).
 * @example
 * ```ts
 * const size = { batch: 2, classes: 3, pixels: 4, spatialShape: [2, 2] };
 * planTasks(size, 'image', true, 2).map((t) => t.shape); // [[1, 3, 2, 2], [1, 3, 2, 2]]
 * ```
 */
export function planTasks(size: TensorSize, unit: TaskUnit, multiclass: boolean, threads: number): Task[] {
  const { batch, classes, pixels, spatialShape } = size;
  const units = unit === 'image' ? batch : batch * classes;
  const valuesPerUnit = unit === 'image' ? classes * pixels : pixels;
  const bySize = Math.floor((units * valuesPerUnit) / MIN_TASK_VALUES);
  const count = Math.max(1, Math.min(units, threads * TASKS_PER_THREAD, Math.max(threads, bySize)));

  const tasks: Task[] = [];
  for (let k = 0; k < count; k++) {
    const first = Math.floor((k * units) / count);
    const n = Math.floor(((k + 1) * units) / count) - first;
    if (unit === 'slice') {
      tasks.push({
        inputStart: first * pixels,
        inputLength: n * pixels,
        shape: [1, n, ...spatialShape],
        maskStart: first * pixels,
        maskLength: n * pixels,
        sliceStart: first,
        sliceCount: n,
      });
    } else {
      const perImageMask = multiclass ? pixels : classes * pixels;
      tasks.push({
        inputStart: first * classes * pixels,
        inputLength: n * classes * pixels,
        shape: [n, classes, ...spatialShape],
        maskStart: first * perImageMask,
        maskLength: n * perImageMask,
        sliceStart: first * classes,
        sliceCount: n * classes,
      });
    }
  }
  return tasks;
}

/** Images of at least this many values (C·D) may be split across the threads (multiclass Dice/IoU). */
export const SPLIT_IMAGE_VALUES = 1 << 21;

/**
 * Whether multiclass Dice/IoU images run split across the threads (each image's classes, then
 * its pixel ranges, DESIGN §4.2) rather than one image per task: when the images are large
 * (≥ {@link SPLIT_IMAGE_VALUES} values) and whole images would leave threads idle — fewer than
 * 4 per thread and not a multiple of the threads.
 *
 * @example
 * ```ts
 * planSplit({ batch: 1, classes: 21, pixels: 1 << 20, spatialShape: [1024, 1024] }, 2); // true
 * planSplit({ batch: 4, classes: 21, pixels: 1 << 20, spatialShape: [1024, 1024] }, 2); // false
 * ```
 */
export function planSplit(size: TensorSize, threads: number): boolean {
  const { batch, classes, pixels } = size;
  if (threads < 2 || classes < 2 || classes * pixels < SPLIT_IMAGE_VALUES) return false;
  return batch < 4 * threads && batch % threads !== 0;
}
