import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  defaultSolver,
  isOverlapMetric,
  METRICS,
  type Metric,
  type MetricAlias,
  metricNamed,
  OPTION_NAMES,
  OUTPUT_MODES,
  type OverlapMetric,
  SOLVER_NAMES,
  SOLVER_OPTIONS,
  SOLVERS,
  type Solver,
  type SolverAlias,
  solverNamed,
  solversFor,
} from '../../src/solvers/catalog';

describe('the catalog of metrics and solvers (the contract of DESIGN §2, written out by hand)', () => {
  it('lists the metrics and solvers of the contract, in the order messages use', () => {
    expect(Object.keys(METRICS)).toEqual(['dice', 'iou', 'accuracy']);
    expect(SOLVER_NAMES).toEqual(['rma', 'ba', 'trna', 'ba+trna', 'exact', 'argmax', 'threshold']);
    expect(solversFor('dice')).toEqual(['rma', 'ba', 'trna', 'ba+trna', 'exact']);
    expect(solversFor('iou')).toEqual(['rma', 'exact']);
    expect(solversFor('accuracy')).toEqual(['argmax', 'threshold']);
  });

  it('derives the types from the tables: one OverlapMetric, Metric, Solver', () => {
    expectTypeOf<OverlapMetric>().toEqualTypeOf<'dice' | 'iou'>();
    expectTypeOf<Metric>().toEqualTypeOf<'dice' | 'iou' | 'accuracy'>();
    expectTypeOf<MetricAlias>().toEqualTypeOf<'acc'>();
    expectTypeOf<SolverAlias>().toEqualTypeOf<'tr'>();
    expectTypeOf<Solver>().toEqualTypeOf<
      'rma' | 'ba' | 'trna' | 'ba+trna' | 'exact' | 'argmax' | 'threshold'
    >();
    expect((Object.keys(METRICS) as Metric[]).filter(isOverlapMetric)).toEqual(['dice', 'iou']);
  });

  it('resolves names and aliases, and nothing else', () => {
    expect(metricNamed('acc')).toBe('accuracy');
    expect(metricNamed('iou')).toBe('iou');
    expect(metricNamed('f1')).toBeUndefined();
    expect(solverNamed('tr')).toBe('threshold');
    expect(solverNamed('ba+trna')).toBe('ba+trna');
    expect(solverNamed('greedy')).toBeUndefined();
    // an alias never shadows another entry's name
    const names = [...Object.keys(METRICS), ...SOLVER_NAMES];
    const aliases = [...Object.values(METRICS), ...Object.values(SOLVERS)].flatMap((e) => [...e.aliases]);
    expect(aliases.filter((a) => names.includes(a))).toEqual([]);
  });

  it('has exactly one default solver per metric and output mode, and it serves both', () => {
    const expected: Record<Metric, Record<(typeof OUTPUT_MODES)[number], Solver>> = {
      dice: { multiclass: 'rma', multilabel: 'rma' },
      iou: { multiclass: 'rma', multilabel: 'rma' },
      accuracy: { multiclass: 'argmax', multilabel: 'threshold' },
    };
    for (const metric of Object.keys(METRICS) as Metric[]) {
      for (const mode of OUTPUT_MODES) {
        const defaults = solversFor(metric).filter((s) =>
          (SOLVERS[s].defaultIn as readonly string[]).includes(mode),
        );
        expect(defaults).toEqual([expected[metric][mode]]);
        expect(defaultSolver(metric, mode)).toBe(expected[metric][mode]);
        expect(SOLVERS[defaultSolver(metric, mode)].outputModes).toContain(mode);
      }
    }
  });

  it('gives each solver the options of the reference package’s table (eps: BA/TRNA only)', () => {
    const overlap = ['smooth', 'pruningProb', 'unassignedPolicy', 'voidIndex'];
    const expected: Record<Solver, string[]> = {
      rma: overlap,
      ba: [...overlap, 'eps'],
      trna: [...overlap, 'eps'],
      'ba+trna': [...overlap, 'eps'],
      exact: overlap,
      argmax: [],
      threshold: [],
    };
    for (const solver of SOLVER_NAMES) {
      expect([...SOLVERS[solver].options].sort()).toEqual([...expected[solver]].sort());
    }
    expect([...OPTION_NAMES].sort()).toEqual(
      [...['metric', 'solver', 'outputMode', 'activation', 'layout', 'validate'], ...SOLVER_OPTIONS].sort(),
    );
  });

  it('lets only threshold refuse multiclass output, and only argmax need two channels', () => {
    const limited = SOLVER_NAMES.filter((s) => SOLVERS[s].outputModes.length < OUTPUT_MODES.length);
    expect(limited).toEqual(['threshold']);
    expect(SOLVER_NAMES.filter((s) => SOLVERS[s].minClasses > 1)).toEqual(['argmax']);
  });
});
