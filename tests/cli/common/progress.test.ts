import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../src/cli/common/context';
import { ProgressBar, renderProgress } from '../../../src/cli/common/progress';
import { runCli } from '../../../src/cli/program';
import { writeNpy } from '../../../src/io/node/index';
import { CLI, tempDir } from '../../helpers/cli';

/** A context that records what a run printed. */
function recorder(stderrIsTTY: boolean): CliContext & { out: string; err: string } {
  const ctx = {
    out: '',
    err: '',
    stdout: (s: string) => {
      ctx.out += s;
    },
    stderr: (s: string) => {
      ctx.err += s;
    },
    stderrIsTTY,
    columns: 60,
    cores: 1,
    workerScript: pathToFileURL(CLI),
  };
  return ctx;
}

describe('progress bar', () => {
  it('renders a 20-cell bar with the count and the label', () => {
    expect(renderProgress(1, 4, 'a.npy', 80)).toBe('[#####---------------] 1/4 a.npy');
    expect(renderProgress(4, 4, '', 80)).toBe('[####################] 4/4');
  });

  it('cuts a long label from the left so the line stays shorter than the terminal', () => {
    const line = renderProgress(2, 3, `${'d/'.repeat(40)}scan.nii.gz`, 50);
    expect(line.length).toBe(49);
    expect(line.endsWith('scan.nii.gz')).toBe(true);
    expect(line).toContain('…');
  });

  it('redraws in place (carriage return, erase line) and erases itself on clear', () => {
    let text = '';
    const bar = new ProgressBar((s) => (text += s), 2, { enabled: true });
    bar.update(1, 'x');
    bar.clear();
    expect(text).toBe('\r\x1b[2K[##########----------] 1/2 x\r\x1b[2K');
  });

  it('writes nothing when disabled (stderr is a pipe)', () => {
    let text = '';
    const bar = new ProgressBar((s) => (text += s), 2, { enabled: false });
    bar.update(1, 'x');
    bar.clear();
    expect(text).toBe('');
  });
});

describe('predict progress in a run', () => {
  let dir = '';
  let remove: () => Promise<void> = async () => {};
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
    const probs = { data: new Float32Array([0.9, 0.6, 0.3, 0.2, 0.1, 0.4, 0.7, 0.8]), shape: [1, 2, 2, 2] };
    await mkdir(join(dir, 'in'));
    await writeNpy(join(dir, 'in', 'a.npy'), probs);
    await writeNpy(join(dir, 'in', 'b.npy'), probs);
  });
  afterAll(() => remove());

  it('draws the bar on a terminal and clears it before the summary', async () => {
    const ctx = recorder(true);
    const code = await runCli(['predict', join(dir, 'in'), '-o', join(dir, 'out1')], ctx);
    expect(code).toBe(0);
    expect(ctx.err).toContain('\r\x1b[2K[--------------------] 0/2 ');
    expect(ctx.err).toContain('\r\x1b[2K[##########----------] 1/2 ');
    expect(ctx.err).toContain('\r\x1b[2K[####################] 2/2');
    expect(ctx.err.endsWith('\r\x1b[2K')).toBe(true);
    expect(ctx.out).toMatch(/^2 files: 2 written, 0 failed; 8 pixels; [\d.]+ s\n$/);
  });

  it('with --jobs 2 draws one bar for both workers: 0/2 while both run, then 1/2 and 2/2', async () => {
    const ctx = recorder(true);
    const code = await runCli(['predict', join(dir, 'in'), '-o', join(dir, 'out4'), '--jobs', '2'], ctx);
    expect(code).toBe(0);
    const frames = ctx.err.split('\r\x1b[2K').filter((f) => f !== '');
    expect(frames.map((f) => f.slice(23, 26))).toEqual(['0/2', '0/2', '1/2', '2/2']); // one finished, then both
    expect(frames[0]).toMatch(/a\.npy$/);
    expect(frames[1]).toMatch(/b\.npy$/); // started before a.npy finished
    expect(ctx.out).toMatch(/^2 files: 2 written, 0 failed; 8 pixels; [\d.]+ s\n$/);
  });

  it('draws nothing with --no-progress, or when stderr is not a terminal', async () => {
    const quiet = recorder(true);
    await runCli(['predict', join(dir, 'in'), '-o', join(dir, 'out2'), '--no-progress'], quiet);
    const piped = recorder(false);
    await runCli(['predict', join(dir, 'in'), '-o', join(dir, 'out3')], piped);
    expect(quiet.err).toBe('');
    expect(piped.err).toBe('');
  });
});
