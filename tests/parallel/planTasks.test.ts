import { describe, expect, it } from 'vitest';
import { MIN_TASK_VALUES, planTasks, TASKS_PER_THREAD, taskUnit } from '../../src/parallel/planTasks';

describe('planTasks', () => {
  const sizes = [
    { batch: 1, classes: 21, pixels: 12, spatialShape: [3, 4] },
    { batch: 5, classes: 3, pixels: 7, spatialShape: [7] },
    { batch: 2, classes: 2, pixels: 1 << 18, spatialShape: [512, 512] },
  ];

  for (const size of sizes) {
    for (const unit of ['image', 'slice'] as const) {
      for (const multiclass of unit === 'slice' ? [false] : [true, false]) {
        for (const threads of [1, 2, 3, 8]) {
          it(`covers ${size.batch}×${size.classes}×${size.pixels} by ${unit} (multiclass ${multiclass}, ${threads} threads) with contiguous tasks in order`, () => {
            const tasks = planTasks(size, unit, multiclass, threads);
            const units = unit === 'image' ? size.batch : size.batch * size.classes;
            expect(tasks.length).toBeGreaterThanOrEqual(Math.min(units, threads));
            expect(tasks.length).toBeLessThanOrEqual(Math.min(units, threads * TASKS_PER_THREAD));
            let input = 0;
            let mask = 0;
            let slice = 0;
            const perUnit: number[] = [];
            for (const t of tasks) {
              expect(t.inputStart).toBe(input);
              expect(t.maskStart).toBe(mask);
              expect(t.sliceStart).toBe(slice);
              expect(t.shape.slice(2)).toEqual(size.spatialShape);
              expect(t.shape[0]! * t.shape[1]! * size.pixels).toBe(t.inputLength);
              expect(t.sliceCount).toBe(t.shape[0]! * t.shape[1]!);
              if (unit === 'slice') expect(t.shape[0]).toBe(1);
              else expect(t.shape[1]).toBe(size.classes);
              input += t.inputLength;
              mask += t.maskLength;
              slice += t.sliceCount;
              perUnit.push(unit === 'image' ? t.shape[0]! : t.shape[1]!);
            }
            expect(input).toBe(size.batch * size.classes * size.pixels);
            expect(slice).toBe(size.batch * size.classes);
            expect(mask).toBe((multiclass ? 1 : size.classes) * size.batch * size.pixels);
            expect(Math.max(...perUnit) - Math.min(...perUnit)).toBeLessThanOrEqual(1);
          });
        }
      }
    }
  }

  it('does not cut a large tensor into tasks smaller than MIN_TASK_VALUES beyond one per thread', () => {
    const size = { batch: 1, classes: 21, pixels: MIN_TASK_VALUES / 4, spatialShape: [MIN_TASK_VALUES / 4] };
    // 21 slices of a quarter task each: 5 tasks by size; 2 threads want at least 2.
    expect(planTasks(size, 'slice', false, 2)).toHaveLength(5);
    expect(planTasks(size, 'slice', false, 8)).toHaveLength(8);
  });

  it('splits multilabel output by slice except for argmax, and multiclass output by image', () => {
    expect(taskUnit('multilabel', 'rma')).toBe('slice');
    expect(taskUnit('multilabel', 'threshold')).toBe('slice');
    expect(taskUnit('multilabel', 'argmax')).toBe('image');
    expect(taskUnit('multiclass', 'rma')).toBe('image');
    expect(taskUnit('multiclass', 'argmax')).toBe('image');
  });
});
