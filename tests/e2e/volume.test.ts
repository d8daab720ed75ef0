/**
 * End-to-end test of the web demo's volume view (demo/volume.html): NiiVue (WebGL2 on SwiftShader
 * in headless Chromium, see serveDemo.ts) with the argmax and RankSEG masks as overlays, the numbers
 * of both against the same computation in Node, and the Web Worker keeping the page responsive.
 * Skipped, with the reason in its title, where /usr/bin/chromium is absent.
 *
 * A screenshot of the view is written to $RANKSEG_DEMO_VOLUME_SCREENSHOT when that is set
 * (`npm run demo:screenshot` refreshes demo/volume-screenshot.png), else to the system's temporary
 * folder.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diceScore, expectedScore, iouScore, rankseg, solve } from '../../src/index';
import { decodeNifti, decodePng, encodeNifti, niftiToProbabilities } from '../../src/io/index';
import { seededRandom } from '../helpers/random';
import { CHROMIUM, type ServedDemo, serveDemo } from './serveDemo';

const hasChromium = existsSync(CHROMIUM);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const configFile = join(repo, 'demo/vite.config.ts');
const sampleProbs = new Uint8Array(readFileSync(join(repo, 'demo/samples/organs_probs.nii.gz')));
const sampleLabels = new Uint8Array(readFileSync(join(repo, 'demo/samples/organs_labels.nii.gz')));

if (!hasChromium) console.warn(`tests/e2e/volume.test.ts: skipped, ${CHROMIUM} not found`);

const suiteTitle = hasChromium
  ? 'the volume view of the web demo, built and driven in Chromium'
  : `the volume view — SKIPPED: ${CHROMIUM} not found (Debian: apt-get install chromium)`;

const results = '[data-testid="volume-results"]';

/** Waits for a finished solve matching `want` (data-* attributes of the results table) after `version`. */
async function waitForResults(page: Page, want: Record<string, string>, after = 0): Promise<number> {
  const attrs = Object.entries(want)
    .map(([k, v]) => `[data-${k}="${v}"]`)
    .join('');
  await page.waitForFunction(
    ([selector, version]) => {
      const el = document.querySelector<HTMLElement>(selector as string);
      return el !== null && Number(el.dataset['version']) > (version as number);
    },
    [`${results}${attrs}`, after] as const,
    { timeout: 30_000 },
  );
  return page.locator(results).evaluate((el) => Number((el as HTMLElement).dataset['version']));
}

/** The exact number a cell carries in `data-value`. */
async function numberIn(page: Page, testId: string): Promise<number> {
  const raw = await page.locator(`[data-testid="${testId}"]`).getAttribute('data-value');
  expect(raw, `data-value of ${testId}`).not.toBeNull();
  return Number(raw);
}

/** The viewer's canvas as RGBA pixels, after the browser has painted twice (NiiVue draws synchronously). */
async function canvasPixels(page: Page): Promise<{ data: Uint8Array; width: number; channels: number }> {
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
  );
  const png = decodePng(await page.locator('[data-testid="volume-canvas"]').screenshot());
  return { data: png.data as Uint8Array, width: png.width, channels: png.channels };
}

/** Pixels whose colour is not a grey (overlay colours; the probabilities and NiiVue's text are grey). */
function colouredPixels(image: { data: Uint8Array; channels: number }): number {
  let count = 0;
  const { data, channels } = image;
  for (let i = 0; i < data.length; i += channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 24) count++;
  }
  return count;
}

/** Pixels in the difference overlay's "relabelled" cyan (40, 200, 255), blended over anything. */
function cyanPixels(image: { data: Uint8Array; channels: number }): number {
  let count = 0;
  const { data, channels } = image;
  for (let i = 0; i < data.length; i += channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    if (b > 150 && b > r + 60 && g > r + 40) count++;
  }
  return count;
}

/** Pixels that differ between two screenshots of the same size. */
function changedPixels(a: { data: Uint8Array }, b: { data: Uint8Array }): number {
  expect(a.data.length).toBe(b.data.length);
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2])
      count++;
  }
  return count;
}

async function setChecked(page: Page, testId: string, checked: boolean): Promise<void> {
  await page.locator(`[data-testid="${testId}"]`).setChecked(checked);
}

async function setRange(page: Page, testId: string, value: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"]`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** How many entries equal `value`. */
function countOf(data: ArrayLike<number>, value: number): number {
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === value) count++;
  return count;
}

/** What the page should show for a multiclass volume, computed in Node by rankseg itself. */
function expectedFigures(
  probsBytes: Uint8Array,
  labelsBytes: Uint8Array,
  metric: 'dice' | 'iou',
  solver: string,
) {
  const probs = niftiToProbabilities(decodeNifti(probsBytes));
  const labels = decodeNifti(labelsBytes).data as Uint8Array;
  const [, classes, z, y, x] = probs.shape as [number, number, number, number, number];
  const target = { data: labels, shape: [1, z, y, x] };
  const argmax = rankseg(probs, { metric: 'accuracy', solver: 'argmax' });
  const sol = solve(probs, { metric, solver });
  const opts = { numClasses: classes, ignoreIndex: 255 };
  const figures = (mask: { data: ArrayLike<number>; shape: number[] }) => ({
    voxels: Array.from({ length: classes }, (_, c) => countOf(mask.data, c)),
    exact: Array.from(expectedScore(probs, mask, { metric })),
    dice: Array.from(diceScore(mask, target, opts).perClass),
    iou: Array.from(iouScore(mask, target, opts).perClass),
  });
  let added = 0;
  let relabelled = 0;
  let removed = 0;
  for (let i = 0; i < argmax.data.length; i++) {
    const [a, b] = [argmax.data[i]!, sol.mask.data[i]!];
    if (a === b) continue;
    if (a === 0) added++;
    else if (b === 0) removed++;
    else relabelled++;
  }
  return {
    classes,
    baseline: figures(argmax),
    rankseg: figures(sol.mask),
    tau: Array.from(sol.volume),
    objective: Array.from(sol.expected),
    added,
    removed,
    relabelled,
  };
}

/** Checks every number of the table against `want`. */
async function expectTable(page: Page, want: ReturnType<typeof expectedFigures>): Promise<void> {
  for (let c = 0; c < want.classes; c++) {
    for (const mask of ['baseline', 'rankseg'] as const) {
      expect(await numberIn(page, `voxels-${mask}-${c}`), `voxels ${mask} ${c}`).toBe(want[mask].voxels[c]);
      for (const figure of ['exact', 'dice', 'iou'] as const) {
        const value = want[mask][figure][c]!;
        expect(await numberIn(page, `${figure}-${mask}-${c}`), `${figure} ${mask} ${c}`).toBeCloseTo(
          value,
          12,
        );
      }
    }
    expect(await numberIn(page, `tau-${c}`)).toBe(want.tau[c]);
    expect(await numberIn(page, `objective-${c}`)).toBeCloseTo(want.objective[c]!, 12);
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  expect(await numberIn(page, 'dice-rankseg-mean')).toBeCloseTo(mean(want.rankseg.dice), 12);
  expect(await numberIn(page, 'exact-baseline-mean')).toBeCloseTo(mean(want.baseline.exact), 12);
  const shown = async (id: string) => Number(await page.locator(`[data-testid="${id}"]`).textContent());
  expect(await shown('volume-added')).toBe(want.added);
  expect(await shown('volume-removed')).toBe(want.removed);
  expect(await shown('volume-relabelled')).toBe(want.relabelled);
}

describe.skipIf(!hasChromium)(suiteTitle, () => {
  let demo: ServedDemo;
  let page: Page;

  beforeAll(async () => {
    demo = await serveDemo(configFile, { width: 1094, height: 900 });
    page = demo.page;
    await page.goto(`${demo.origin}/volume.html`);
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('builds the volume page and its worker without Node built-ins, with NiiVue and the sample volume beside them', () => {
    const html = readFileSync(join(demo.outDir, 'volume.html'), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const assets = readdirSync(join(demo.outDir, 'assets'));
    const worker = assets.find((name) => /^worker-.*\.js$/.test(name));
    expect(worker, 'the worker bundle').toBeDefined();
    for (const file of [script!, `assets/${worker}`]) {
      expect(readFileSync(join(demo.outDir, file), 'utf8')).not.toMatch(/["']node:[a-z]/);
    }
    expect(readFileSync(join(demo.outDir, script!), 'utf8')).toContain('niivue');
    expect(assets.some((name) => /^organs_probs.*\.gz$/.test(name))).toBe(true);
    expect(assets.some((name) => /^organs_labels.*\.gz$/.test(name))).toBe(true);
    // the 2-D page links to it
    expect(readFileSync(join(demo.outDir, 'index.html'), 'utf8')).toContain('href="./volume.html"');
  });

  it('opens the sample volume in NiiVue (WebGL2) and shows the numbers rankseg computes in Node on the same files', async () => {
    await waitForResults(page, { source: 'sample', metric: 'dice', solver: 'rma', state: 'ready' });
    const webgl2 = await page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null);
    expect(webgl2).toBe(true);
    expect(await page.locator('[data-testid="volume-status"]').textContent()).toContain('64×64×48');
    const want = expectedFigures(sampleProbs, sampleLabels, 'dice', 'rma');
    // the sample is made so that RankSEG visibly differs from argmax
    expect(want.added + want.removed + want.relabelled).toBeGreaterThan(500);
    await expectTable(page, want);
    // the frame list: P(class) for the 4 classes and P(not background)
    expect(await page.locator('[data-testid="volume-frame"] option').count()).toBe(5);
  });

  it('draws each overlay: toggling one or setting its opacity to 0 changes the canvas, the difference in its own colour', async () => {
    await setChecked(page, 'toggle-baseline', false);
    await setChecked(page, 'toggle-rankseg', true);
    await setChecked(page, 'toggle-difference', true);
    const both = await canvasPixels(page);
    await setChecked(page, 'toggle-difference', false);
    const rankOnly = await canvasPixels(page);
    await setChecked(page, 'toggle-rankseg', false);
    const none = await canvasPixels(page);
    await setChecked(page, 'toggle-baseline', true);
    const baseOnly = await canvasPixels(page);

    // the crosshair starts on the slices where the masks differ most: relabelled voxels show
    expect(cyanPixels(both)).toBeGreaterThan(20);
    expect(cyanPixels(rankOnly)).toBe(0);
    expect(changedPixels(both, rankOnly)).toBeGreaterThan(20);
    // the masks are coloured, the probabilities grey
    expect(colouredPixels(none)).toBe(0);
    expect(colouredPixels(rankOnly)).toBeGreaterThan(1000);
    expect(colouredPixels(baseOnly)).toBeGreaterThan(1000);
    // argmax and RankSEG differ on these slices
    expect(changedPixels(baseOnly, rankOnly)).toBeGreaterThan(20);

    // opacity 0 is the same picture as hidden; the slider brings it back
    await setChecked(page, 'toggle-baseline', false);
    await setChecked(page, 'toggle-rankseg', true);
    await setRange(page, 'opacity-rankseg', '0');
    expect(changedPixels(await canvasPixels(page), none)).toBe(0);
    await setRange(page, 'opacity-rankseg', '0.5');
    expect(changedPixels(await canvasPixels(page), rankOnly)).toBe(0);

    // one axial slice instead of three planes
    await page.locator('[data-testid="volume-view"]').selectOption('axial');
    expect(changedPixels(await canvasPixels(page), rankOnly)).toBeGreaterThan(1000);
    await page.locator('[data-testid="volume-view"]').selectOption('multiplanar');
    expect(changedPixels(await canvasPixels(page), rankOnly)).toBe(0);
    await setChecked(page, 'toggle-difference', true);
  });

  it('recomputes in the worker when the metric or the solver changes, still equal to Node', async () => {
    let version = await waitForResults(page, { state: 'ready' });
    await page.locator('[data-testid="volume-metric"]').selectOption('iou');
    version = await waitForResults(page, { metric: 'iou', solver: 'rma', state: 'ready' }, version);
    await expectTable(page, expectedFigures(sampleProbs, sampleLabels, 'iou', 'rma'));
    await page.locator('[data-testid="volume-metric"]').selectOption('dice');
    await page.locator('[data-testid="volume-solver"]').selectOption('ba+trna');
    version = await waitForResults(page, { metric: 'dice', solver: 'ba+trna', state: 'ready' }, version);
    await expectTable(page, expectedFigures(sampleProbs, sampleLabels, 'dice', 'ba+trna'));
    // an option value the library refuses: the note says why
    await page.locator('[data-testid="volume-smooth"]').fill('-1');
    await page.locator('[data-testid="volume-smooth"]').dispatchEvent('change');
    await page.waitForSelector(`${results}[data-state="solver-error"]`);
    expect(await page.locator('[data-testid="volume-note"]').textContent()).toContain('smooth');
    await page.locator('[data-testid="volume-smooth"]').fill('0');
    await page.locator('[data-testid="volume-smooth"]').dispatchEvent('change');
    await waitForResults(page, { solver: 'ba+trna', state: 'ready' }, version);
  });

  it('keeps the page responsive during a long solve: a timer keeps firing while the worker solves', async () => {
    let version = await waitForResults(page, { state: 'ready' });
    const INTERVAL = 10;
    await page.evaluate((ms) => {
      const w = window as unknown as { ticks: number[]; timer: number };
      w.ticks = [];
      w.timer = window.setInterval(() => w.ticks.push(performance.now()), ms);
    }, INTERVAL);
    // TRNA is the slowest solver: a deliberately long solve on the sample
    await page.locator('[data-testid="volume-solver"]').selectOption('trna');
    version = await waitForResults(page, { solver: 'trna', state: 'ready' }, version);
    const { ticks, log } = await page.evaluate(() => {
      const w = window as unknown as { ticks: number[]; timer: number };
      window.clearInterval(w.timer);
      const el = document.querySelector<HTMLElement>('[data-testid="volume-progress"]')!;
      return { ticks: w.ticks, log: JSON.parse(el.dataset['log']!) as { stage: string; at: number }[] };
    });
    // the stages arrive in order
    const stages = log.map((entry) => entry.stage).filter((s, i, all) => all.indexOf(s) === i);
    expect(stages).toEqual(['solve', 'scores', 'overlays']);
    // the solve's span on the page's clock: from the worker's "solve" report to its "scores" report
    const start = log.find((e) => e.stage === 'solve')!.at;
    const end = log.find((e) => e.stage === 'scores')!.at;
    const span = end - start;
    expect(span, 'the solve must last long enough to tell a free page from a blocked one').toBeGreaterThan(
      20 * INTERVAL,
    );
    const during = ticks.filter((t) => t > start && t < end).length;
    // a page blocked by the solve would get no tick in the span; a free one gets one per interval
    // (a quarter of that leaves room for a loaded machine)
    expect(during).toBeGreaterThanOrEqual(Math.floor(span / INTERVAL / 4));

    // the measurement can tell: the same span of work on the page's own thread gets no tick
    const blocked = await page.evaluate(
      ([ms, interval]) =>
        new Promise<number>((done) => {
          const ticks: number[] = [];
          const timer = window.setInterval(() => ticks.push(performance.now()), interval);
          setTimeout(() => {
            const from = performance.now();
            while (performance.now() - from < ms) {
              // busy, as a solve on the page's thread would be
            }
            const to = performance.now();
            setTimeout(() => {
              window.clearInterval(timer);
              done(ticks.filter((t) => t > from && t < to).length);
            }, interval * 3);
          }, interval * 3);
        }),
      [Math.min(span, 1000), INTERVAL] as const,
    );
    expect(blocked).toBe(0);
    await page.locator('[data-testid="volume-solver"]').selectOption('rma');
    await waitForResults(page, { solver: 'rma', state: 'ready' }, version);
  });

  it('takes a screenshot of the sample in the multiplanar view, with the difference in view', async () => {
    await waitForResults(page, { source: 'sample', solver: 'rma', metric: 'dice', state: 'ready' });
    // no focus ring left from the earlier tests
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    const png = await page.screenshot({ fullPage: true });
    const path = process.env['RANKSEG_DEMO_VOLUME_SCREENSHOT']
      ? resolve(repo, process.env['RANKSEG_DEMO_VOLUME_SCREENSHOT'])
      : join(tmpdir(), 'rankseg-demo-volume-screenshot.png');
    writeFileSync(path, png);
    expect(cyanPixels(decodePng(png) as { data: Uint8Array; channels: number })).toBeGreaterThan(20);
  });

  it('reads a dropped binary probability volume (X, Y, Z) with a label volume: p > 0.5 against RankSEG, numbers as in Node', async () => {
    const [nx, ny, nz] = [40, 36, 20];
    const n = nx * ny * nz;
    const next = seededRandom(7);
    // a soft ball with noise: p = sigmoid((r0 − r)/w + noise)
    const probs = new Float32Array(n);
    for (let z = 0, i = 0; z < nz; z++) {
      for (let y = 0; y < ny; y++) {
        for (let x = 0; x < nx; x++, i++) {
          const r = Math.hypot((x - 18) / 9, (y - 17) / 8, (z - 9) / 5);
          probs[i] = 1 / (1 + Math.exp(-((1 - r) / 0.25 + (next() - 0.5))));
        }
      }
    }
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) labels[i] = next() < probs[i]! ? 1 : 0;
    const header = { pixdim: [1, 1.5, 1.5, 3, 1, 1, 1, 1], xyztUnits: 2 };
    await page.locator('[data-testid="volume-file-input"]').setInputFiles([
      {
        name: 'ball_probs.nii',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(encodeNifti({ data: probs, dims: [nx, ny, nz], header })),
      },
      {
        name: 'ball_labels.nii.gz',
        mimeType: 'application/gzip',
        buffer: Buffer.from(encodeNifti({ data: labels, dims: [nx, ny, nz], header }, { gzip: true })),
      },
    ]);
    await waitForResults(page, { source: 'file', solver: 'rma', state: 'ready' });
    expect(await page.locator('[data-testid="volume-status"]').textContent()).toContain('binary');
    expect(await page.locator(`${results} tbody tr`).count()).toBe(1);

    const tensor = { data: probs, shape: [1, 1, nz, ny, nx] };
    const target = { data: labels, shape: [1, 1, nz, ny, nx] };
    const threshold = rankseg(tensor, { metric: 'accuracy', solver: 'threshold', outputMode: 'multilabel' });
    const sol = solve(tensor, { metric: 'dice', solver: 'rma', outputMode: 'multilabel' });
    const opts = { input: 'masks' as const };
    for (const [key, mask] of [
      ['baseline', threshold],
      ['rankseg', sol.mask],
    ] as const) {
      const voxels = countOf(mask.data, 1);
      expect(await numberIn(page, `voxels-${key}-0`)).toBe(voxels);
      expect(await numberIn(page, `dice-${key}-0`)).toBeCloseTo(
        diceScore(mask, target, opts).perClass[0]!,
        12,
      );
      expect(await numberIn(page, `iou-${key}-0`)).toBeCloseTo(iouScore(mask, target, opts).perClass[0]!, 12);
      expect(await numberIn(page, `exact-${key}-0`)).toBeCloseTo(
        expectedScore(tensor, mask, { metric: 'dice' })[0]!,
        12,
      );
    }
    let added = 0;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      if (threshold.data[i]! < sol.mask.data[i]!) added++;
      if (threshold.data[i]! > sol.mask.data[i]!) removed++;
    }
    const shown = async (id: string) => Number(await page.locator(`[data-testid="${id}"]`).textContent());
    expect(await shown('volume-added')).toBe(added);
    expect(await shown('volume-removed')).toBe(removed);
    expect(await page.locator('[data-testid="volume-frame"] option').count()).toBe(1);
  });

  it('reads logits in the NIfTI vector layout (X, Y, Z, 1, C) through a softmax, argmax as on the logits', async () => {
    const version = await waitForResults(page, { state: 'ready' });
    const [nx, ny, nz, classes] = [12, 10, 8, 3];
    const n = nx * ny * nz;
    const next = seededRandom(11);
    const logits = Float32Array.from({ length: n * classes }, () => 6 * next() - 3);
    await page.locator('[data-testid="volume-file-input"]').setInputFiles([
      {
        name: 'logits.nii',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(encodeNifti({ data: logits, dims: [nx, ny, nz, 1, classes] })),
      },
    ]);
    await waitForResults(page, { source: 'file', state: 'ready' }, version);
    expect(await page.locator('[data-testid="volume-notes"]').textContent()).toContain(
      'read as logits (softmax over the classes)',
    );
    // softmax keeps the order of the classes at every voxel
    const counts = new Array<number>(classes).fill(0);
    for (let v = 0; v < n; v++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (logits[c * n + v]! > logits[best * n + v]!) best = c;
      counts[best]!++;
    }
    for (let c = 0; c < classes; c++) expect(await numberIn(page, `voxels-baseline-${c}`)).toBe(counts[c]);
  });

  it('names the file and the problem for a corrupt file and for labels that do not fit, and keeps the volume shown', async () => {
    const version = await waitForResults(page, { source: 'file', state: 'ready' });
    const status = await page.locator('[data-testid="volume-status"]').textContent();
    const rows = await page.locator(`${results} tbody tr`).count();
    await page.locator('[data-testid="volume-file-input"]').setInputFiles([
      {
        name: 'broken.nii.gz',
        mimeType: 'application/gzip',
        buffer: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]),
      },
    ]);
    await page.waitForSelector(`${results}[data-state="load-error"]`);
    let note = await page.locator('[data-testid="volume-note"]').textContent();
    expect(note).toContain('IoFormatError');
    expect(note).toContain('broken.nii.gz');

    await page.locator('[data-testid="volume-file-input"]').setInputFiles([
      { name: 'organs_probs.nii.gz', mimeType: 'application/gzip', buffer: Buffer.from(sampleProbs) },
      {
        name: 'small_labels.nii',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(encodeNifti({ data: new Uint8Array(8), dims: [2, 2, 2] })),
      },
    ]);
    await page.waitForFunction(
      (selector) => document.querySelector<HTMLElement>(selector)?.dataset['state'] === 'load-error',
      results,
    );
    await expect
      .poll(() => page.locator('[data-testid="volume-note"]').textContent())
      .toContain('small_labels.nii');
    note = await page.locator('[data-testid="volume-note"]').textContent();
    expect(note).toContain('do not match');

    // the volume opened before is still the one the settings act on
    await page.locator('[data-testid="volume-metric"]').selectOption('iou');
    await waitForResults(page, { source: 'file', metric: 'iou', state: 'ready' }, version);
    expect(await page.locator(`${results} tbody tr`).count()).toBe(rows);
    expect(status).toContain('logits.nii');
    await page.locator('[data-testid="volume-metric"]').selectOption('dice');
    await waitForResults(page, { source: 'file', metric: 'dice', state: 'ready' }, version);
  });

  it('logged no errors and fetched nothing from outside its own server', () => {
    expect(demo.problems).toEqual([]);
  });
});
