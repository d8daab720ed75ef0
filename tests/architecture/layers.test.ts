/**
 * The architecture of docs/DESIGN.md §4, checked on the import statements of src/: every import
 * runs down the layers (or stays inside its own folder), nothing imports in a circle, and the
 * browser-safe core imports no Node built-in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * The layers, lowest first (DESIGN §4). A file belongs to the first layer whose pattern matches
 * its path relative to src/. Layers on one line of the diagram share a rank: they may not import
 * each other.
 */
const LAYERS: [name: string, rank: number, pattern: RegExp][] = [
  ['catalog', 0, /^solvers\/catalog\.ts$/],
  ['kernels', 1, /^kernels\//],
  ['stats', 2, /^stats\//],
  ['expectation', 3, /^solvers\/expectation\//],
  ['solvers', 4, /^solvers\//],
  ['api', 5, /^api\//],
  ['metrics', 5, /^metrics\//],
  ['adapters', 6, /^adapters\//],
  ['calibration', 6, /^calibration\//],
  ['parallel', 6, /^parallel\//],
  ['io/node', 7, /^io\/node\//],
  ['io', 6, /^io\//],
  ['cli/common', 8, /^cli\/common\//],
  ['cli/comparison', 9, /^cli\/comparison\//],
  ['cli/command', 10, /^cli\/[^/]+\//],
  ['cli', 11, /^cli\//],
  ['index', 12, /^index\.ts$/],
];

/** The browser-safe core: everything but the command line and the Node file helpers. */
const NODE_ONLY = /^(cli|io\/node)\//;
/** npm packages the core may import (the runtime dependencies of `rankseg/io`). */
const CORE_PACKAGES = ['fflate'];

/** A file's layer; `unit` is the layer, or for the commands the command's own folder. */
function layerOf(file: string): { name: string; rank: number; unit: string } {
  const found = LAYERS.find(([, , pattern]) => pattern.test(file));
  if (found === undefined) throw new Error(`${file} is in no layer of DESIGN §4`);
  const unit = found[0] === 'cli/command' ? file.split('/').slice(0, 2).join('/') : found[0];
  return { name: found[0], rank: found[1], unit };
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of a file's import/export statements (doc comments are not code). */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  for (const m of code.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gm))
    specifiers.push(m[1]!);
  for (const m of code.matchAll(/^import\s+['"]([^'"]+)['"]/gm)) specifiers.push(m[1]!);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]!);
  return specifiers;
}

/** src-relative path of a relative specifier (`.ts` or `/index.ts` added), or the specifier itself. */
function resolveSpecifier(from: string, specifier: string, files: Set<string>): string {
  if (!specifier.startsWith('.')) return specifier;
  const base = normalize(join(dirname(from), specifier))
    .split('\\')
    .join('/');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base])
    if (files.has(candidate)) return candidate;
  return base; // outside src (package.json) or missing
}

/** Every import of src/, as [importer, imported] with src-relative paths. */
function importGraph(): { files: string[]; edges: [string, string][] } {
  const files = tsFiles(SRC).map((f) => relative(SRC, f).split('\\').join('/'));
  const known = new Set(files);
  const edges: [string, string][] = [];
  for (const file of files) {
    for (const specifier of importsOf(readFileSync(join(SRC, file), 'utf8'))) {
      edges.push([file, resolveSpecifier(file, specifier, known)]);
    }
  }
  return { files, edges };
}

/** Imports that run up a layer or sideways into another folder of the same rank. */
function layerViolations(edges: readonly [string, string][], files: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [from, to] of edges) {
    if (!files.has(to)) continue; // packages and files outside src: see the next tests
    const a = layerOf(from);
    const b = layerOf(to);
    if (b.rank < a.rank || a.unit === b.unit) continue;
    out.push(`${from} (${a.name}) imports ${to} (${b.name})`);
  }
  return out;
}

/** The import cycles (each as a path that returns to its start), by depth-first search. */
function cycles(edges: readonly [string, string][]): string[][] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to]);
      else if (state.get(to) === undefined) visit(to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of next.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

describe('the layers of DESIGN §4', () => {
  const { files, edges } = importGraph();
  const known = new Set(files);

  it('places every file of src/ in a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => LAYERS.every(([, , p]) => !p.test(f)))).toEqual([]);
  });

  it('has no import that runs back up a layer or sideways into another folder of its rank', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(layerViolations(edges, known)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps the core browser-safe: no node: import, no package but fflate', () => {
    const offenders = edges
      .filter(([from, to]) => !NODE_ONLY.test(from) && !known.has(to))
      .filter(([, to]) => to.startsWith('node:') || !CORE_PACKAGES.includes(to))
      .map(([from, to]) => `${from}: ${to}`);
    expect(offenders).toEqual([]);
  });

  it('catches what it is meant to catch (the checks themselves can fail)', () => {
    const set = new Set(['kernels/a.ts', 'api/b.ts', 'metrics/c.ts', 'cli/predict/p.ts', 'cli/demo/d.ts']);
    expect(
      layerViolations(
        [
          ['kernels/a.ts', 'api/b.ts'],
          ['api/b.ts', 'metrics/c.ts'],
          ['cli/predict/p.ts', 'cli/demo/d.ts'],
          ['api/b.ts', 'kernels/a.ts'],
        ],
        set,
      ),
    ).toEqual([
      'kernels/a.ts (kernels) imports api/b.ts (api)',
      'api/b.ts (api) imports metrics/c.ts (metrics)',
      'cli/predict/p.ts (cli/command) imports cli/demo/d.ts (cli/command)',
    ]);
    expect(
      cycles([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ]),
    ).toEqual([['a', 'b', 'c', 'a']]);
    expect(importsOf("/** import { x } from 'node:fs'; */\nimport type { Y } from './y';\n")).toEqual([
      './y',
    ]);
  });
});
