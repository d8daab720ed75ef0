import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileJob } from '../../../src/cli/common/fileJob';
import { UsageError } from '../../../src/cli/common/usage';
import { inlineRunner, WorkerPool } from '../../../src/cli/common/workerPool';
import { isTempName } from '../../../src/io/node/tempFiles';
import { ROOT, tempDir } from '../../helpers/cli';

/** The workers run the TypeScript jobs of the fixture, through tsx's loader. */
const SCRIPT = new URL('./fixtures/testJobWorker.mjs', import.meta.url);

// the pool sends only the name; these stand for the fixture's jobs on this side
const echo = { name: 'echo' } as FileJob<{ value: number; ms: number }, { value: number; thread: number }>;
const fail = { name: 'fail' } as FileJob<{ message: string; usage: boolean }, never>;
const slowWrite = { name: 'slow-write' } as FileJob<{ path: string; chunks: number; crash: boolean }, string>;
const unclonable = { name: 'unclonable' } as FileJob<Record<string, never>, unknown>;
const missing = { name: 'no-such-job' } as FileJob<null, unknown>;

let dir = '';
let remove: () => Promise<void> = async () => {};
beforeAll(async () => {
  ({ dir, remove } = await tempDir());
});
afterAll(() => remove());

function pool(size: number): WorkerPool {
  return new WorkerPool({ script: SCRIPT, size });
}

describe('the worker pool', () => {
  it('runs jobs on at most `size` workers, each job on one, and gives each its own result', async () => {
    const runner = pool(2);
    try {
      const delays = [60, 5, 40, 5, 20, 5];
      const results = await Promise.all(delays.map((ms, value) => runner.run(echo, { value, ms })));
      expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5]);
      const threads = new Set(results.map((r) => r.thread));
      expect(threads.size).toBe(2);
      expect(threads.has(0)).toBe(false); // never the main thread
    } finally {
      await runner.close();
    }
  });

  it('a job’s error comes back with its message; a usage error stays a UsageError', async () => {
    const runner = pool(1);
    try {
      await expect(runner.run(fail, { message: 'a.npy: bad value', usage: false })).rejects.toThrow(
        'a.npy: bad value',
      );
      const usage = await runner.run(fail, { message: '--layout does not fit', usage: true }).catch((e) => e);
      expect(usage).toBeInstanceOf(UsageError);
      expect(usage.message).toBe('--layout does not fit');
      await expect(runner.run(missing, null)).rejects.toThrow("no job named 'no-such-job' in this program");
      await expect(runner.run(unclonable, {})).rejects.toThrow(/could not be cloned/);
      expect((await runner.run(echo, { value: 7, ms: 0 })).value).toBe(7); // the worker still serves
    } finally {
      await runner.close();
    }
  });

  it('a worker that dies fails its job, leaves no unfinished file, and is replaced for the next job', async () => {
    const runner = pool(1);
    try {
      const out = join(dir, 'crash.bin');
      await expect(runner.run(slowWrite, { path: out, chunks: 20, crash: true })).rejects.toThrow(
        'the worker thread stopped: exit code 7',
      );
      expect(existsSync(out)).toBe(false);
      expect((await readdir(dir)).filter(isTempName)).toEqual([]);
      const next = join(dir, 'next.bin');
      expect(await runner.run(slowWrite, { path: next, chunks: 2, crash: false })).toBe(next);
      expect(existsSync(next)).toBe(true);
    } finally {
      await runner.close();
    }
  });

  it('refuses a size below 1', () => {
    expect(() => new WorkerPool({ script: SCRIPT, size: 0 })).toThrow(RangeError);
  });
});

describe('a signal while workers write', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s the workers are stopped and their unfinished files removed (exit %d)',
    async (signal, code) => {
      // a process like the command line: the signal handler, and a pool of two workers writing slowly
      const script = join(dir, `pool-${signal}.mts`);
      const src = (p: string) => JSON.stringify(join(ROOT, 'src', p));
      const out = (k: number) => JSON.stringify(join(dir, `out-${signal}-${k}.bin`));
      await writeFile(
        script,
        [
          `import { removeTempFilesOnExit } from ${src('cli/common/signals.ts')};`,
          `import { WorkerPool } from ${src('cli/common/workerPool.ts')};`,
          'removeTempFilesOnExit((t) => process.stderr.write(t));',
          `const pool = new WorkerPool({ script: new URL(${JSON.stringify(SCRIPT.href)}), size: 2 });`,
          "const job = { name: 'slow-write' };",
          `await Promise.all([0, 1].map((k) => pool.run(job, { path: [${out(0)}, ${out(1)}][k], chunks: 1000, crash: false })));`,
          "process.stderr.write('finished: the signal came too late\\n');",
        ].join('\n'),
      );
      const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [script], { cwd: dir });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += String(d);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      const temps = async () =>
        (await readdir(dir)).filter((n) => isTempName(n) && n.startsWith(`.out-${signal}`));
      const started = Date.now();
      while ((await temps()).length < 2) {
        if (Date.now() - started > 30_000) throw new Error(`no temporary files appeared; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderr).toBe(`rankseg: stopped by ${signal}; removed 2 unfinished files\n`);
      expect((await readdir(dir)).filter((n) => n.includes(`out-${signal}`))).toEqual([]);
    },
    60_000,
  );
});

describe('the inline runner (--jobs 1)', () => {
  it('runs the job in this thread', async () => {
    const job: FileJob<number, number> = { name: 'double', run: async (x) => 2 * x };
    const runner = inlineRunner(1);
    expect(runner.concurrency).toBe(1);
    expect(await runner.run(job, 21)).toBe(42);
    await runner.close();
  });
});
