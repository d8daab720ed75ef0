import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as mediapipe from '../../src/adapters/mediapipe';
import * as ndarray from '../../src/adapters/ndarray';
import * as tfjs from '../../src/adapters/tfjs';
import * as transformers from '../../src/adapters/transformers';

const srcAdapters = fileURLToPath(new URL('../../src/adapters/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of every import/export-from statement that is not type-only. */
function runtimeImports(text: string): string[] {
  const specifiers: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+['"]([^'"]+)['"]/gms;
  for (const m of text.matchAll(statement)) if (!m[2]) specifiers.push(m[3]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specifiers.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]/g)) specifiers.push(m[1]!);
  return specifiers;
}

describe('the adapters are dependency-free and browser-safe', () => {
  const files = tsFiles(srcAdapters);

  it('import nothing at run time but files of rankseg itself (relative paths)', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const offenders = files.flatMap((f) =>
      runtimeImports(readFileSync(f, 'utf8'))
        .filter((s) => !s.startsWith('.'))
        .map((s) => `${relative(srcAdapters, f)}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('catches a bare import (the check itself can fail)', () => {
    expect(runtimeImports("import { Tensor } from '@huggingface/transformers';")).toEqual([
      '@huggingface/transformers',
    ]);
    expect(runtimeImports("import type { Tensor } from '@huggingface/transformers';")).toEqual([]);
  });

  it('use no Node global (process, Buffer, require)', () => {
    const offenders = files.filter((f) => {
      const code = readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, ''); // code, not comments
      return /\bBuffer\b|\bprocess\.|\brequire\(/.test(code);
    });
    expect(offenders).toEqual([]);
  });

  it('export exactly the documented functions', () => {
    expect(Object.keys(transformers).sort()).toEqual(['postprocessSam', 'postprocessSemantic']);
    expect(Object.keys(tfjs).sort()).toEqual(['fromTfjs', 'fromTfjsAsync']);
    expect(Object.keys(mediapipe)).toEqual(['fromMediaPipe']);
    expect(Object.keys(ndarray)).toEqual(['fromNdarray']);
  });
});
