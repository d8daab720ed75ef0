import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CliContext } from '../../src/cli/common/context';

/** The repository root and the built command line. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');

/** Builds dist/ once when the CLI is missing (`npm test` builds it first through `pretest`). */
export function ensureBuilt(): void {
  if (!existsSync(CLI))
    execFileSync('npx', ['tsdown', '--log-level', 'warn'], { cwd: ROOT, stdio: 'ignore' });
}

/** What one run of the CLI printed and returned. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` (stdin closed, stderr a pipe: never a terminal). */
export function rankseg(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh temporary directory and its removal. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'rankseg-cli-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Softmax over the class axis of `[B, C, N]` logits, as float32 probabilities (channels first). */
export function softmaxChannelsFirst(logits: Float64Array, batch: number, classes: number): Float32Array {
  const n = logits.length / (batch * classes);
  const out = new Float32Array(logits.length);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, logits[(b * classes + c) * n + i]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(logits[(b * classes + c) * n + i]! - max);
      for (let c = 0; c < classes; c++) {
        out[(b * classes + c) * n + i] = Math.exp(logits[(b * classes + c) * n + i]! - max) / sum;
      }
    }
  }
  return out;
}

/** The values of any decoded array (64-bit integer arrays included) as numbers. */
export function numbers(data: ArrayLike<number> | BigInt64Array | BigUint64Array): number[] {
  return Array.from(data as ArrayLike<number | bigint>, Number);
}

/** A usage error: exit 2, nothing on stdout, one stderr line matching `reason` (and `line`). */
export function expectUsageError(run: Run, reason: RegExp, line?: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(reason);
  if (line) expect(lines[0]).toMatch(line);
}

/** A CliContext that prints nothing, for functions of the CLI called in-process. */
export function quietContext(cores = 1): CliContext {
  return {
    stdout: () => {},
    stderr: () => {},
    stderrIsTTY: false,
    columns: 80,
    cores,
    workerScript: new URL('file:///unused.js'),
  };
}
