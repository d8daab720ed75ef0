/**
 * End-to-end test of the web demo (demo/): builds it with Vite into a temporary folder, serves it
 * with `vite preview` on a free localhost port, and drives it in Debian's Chromium through
 * playwright-core (never a downloaded browser). Skipped, with the reason in its title, where
 * /usr/bin/chromium is absent.
 *
 * A screenshot is taken at the end; it is written to $RANKSEG_DEMO_SCREENSHOT when that is set
 * (`RANKSEG_DEMO_SCREENSHOT=demo/screenshot.png` refreshes the README's picture), else to the
 * system's temporary folder, so that `npm test` leaves the working tree untouched.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTemperature, diceScore, iouScore, rankseg } from '../../src/index';
import { decodeNpy, encodeNpy } from '../../src/io/index';
import { seededRandom } from '../helpers/random';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const configFile = join(repo, 'demo/vite.config.ts');

if (!hasChromium) console.warn(`tests/e2e/demo.test.ts: skipped, ${CHROMIUM} not found`);

const suiteTitle = hasChromium
  ? 'the web demo, built and driven in Chromium'
  : `the web demo — SKIPPED: ${CHROMIUM} not found (Debian: apt-get install chromium)`;

/** Waits until the results table shows a finished comparison matching `want` (data-* attributes). */
async function waitForResults(page: Page, want: Record<string, string>, after = 0): Promise<number> {
  const attrs = Object.entries(want)
    .map(([k, v]) => `[data-${k}="${v}"]`)
    .join('');
  await page.waitForFunction(
    ([selector, version]) => {
      const el = document.querySelector<HTMLElement>(selector as string);
      return el !== null && Number(el.dataset['version']) > (version as number);
    },
    [`[data-testid="results"]${attrs}`, after] as const,
    { timeout: 20_000 },
  );
  return page
    .locator('[data-testid="results"]')
    .evaluate((el) => Number((el as HTMLElement).dataset['version']));
}

/** The exact number a cell carries in `data-value`. */
async function numberIn(page: Page, testId: string): Promise<number> {
  const raw = await page.locator(`[data-testid="${testId}"]`).getAttribute('data-value');
  expect(raw, `data-value of ${testId}`).not.toBeNull();
  return Number(raw);
}

/**
 * The brain sample's probabilities with labels drawn from them (the world RankSEG's expectation is
 * about), seeded: the same every call.
 */
function brainWithLabels() {
  const probsBytes = new Uint8Array(readFileSync(join(repo, 'data/samples/brain_probs.npy')));
  const probs = decodeNpy(probsBytes);
  const [, classes, height, width] = probs.shape as [number, number, number, number];
  const n = height * width;
  const data = probs.data as Float32Array;
  const next = seededRandom(20240611);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let u = next();
    let c = 0;
    while (c < classes - 1 && u >= data[c * n + i]!) {
      u -= data[c * n + i]!;
      c++;
    }
    labels[i] = c;
  }
  return {
    probsBytes,
    labels,
    height,
    width,
    tensor: { data, shape: probs.shape },
    target: { data: labels, shape: [1, height, width] },
    opts: { numClasses: classes, ignoreIndex: 255 },
  };
}

/** Moves a range input (Playwright's fill() does not take sliders) and fires its input event. */
async function setRange(page: Page, testId: string, value: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"]`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

describe.skipIf(!hasChromium)(suiteTitle, () => {
  let outDir = '';
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'rankseg-demo-'));
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({
      configFile,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    const { port } = server.httpServer.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // a synthetic camera, granted without a prompt: exercises the webcam button
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1094, height: 640 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    // Nothing may come from outside the page's own server.
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        problems.push(`external request: ${route.request().url()}`);
        return route.abort();
      },
    );
    await page.goto(`http://127.0.0.1:${port}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((done) => server!.httpServer.close(() => done()));
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('builds a page bundle without Node built-ins, with the model, the LiteRT runtime and the samples beside it', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const bundle = readFileSync(join(outDir, script!), 'utf8');
    expect(bundle).not.toMatch(/["']node:[a-z]/);
    for (const file of [
      'litert/litert_wasm_compat_internal.js',
      'litert/litert_wasm_compat_internal.wasm',
      'models/selfie_segmentation.tflite',
      'models/selfie_segmentation_landscape.tflite',
      'samples/samples.json',
      'samples/camera.png',
      'samples/brain_probs.npy',
    ]) {
      expect(existsSync(join(outDir, file)), file).toBe(true);
    }
  });

  it('runs the selfie model on a sample photo in the page, matching the shipped probabilities, and reports RankSEG expected Dice ≥ p > 0.5', async () => {
    await page.locator('[data-testid="sample-camera"]').click();
    await waitForResults(page, { source: 'camera', solver: 'rma', metric: 'dice', state: 'ready' });
    // the same model and LiteRT build as scripts/sample-data; the .npy is float16 (≤ 2.5e-4 rounding)
    expect(await numberIn(page, 'model-check')).toBeLessThan(1e-3);
    const baseline = await numberIn(page, 'expected-baseline');
    const ranked = await numberIn(page, 'expected-rankseg');
    expect(baseline).toBeGreaterThan(0.5);
    expect(ranked).toBeLessThanOrEqual(1);
    expect(ranked).toBeGreaterThanOrEqual(baseline);
    // RMA's own objective is its estimate of its own mask
    expect(await numberIn(page, 'rma-rankseg')).toBeCloseTo(ranked, 12);
    // Jensen: E[1/(a + Γ)] ≥ 1/(a + E Γ), so RMA's estimate of a top-τ mask is ≤ its exact expected Dice
    for (const key of ['baseline', 'rankseg']) {
      expect(await numberIn(page, `exact-${key}`)).toBeGreaterThanOrEqual(
        (await numberIn(page, `rma-${key}`)) - 1e-12,
      );
    }
    const added = Number(await page.locator('[data-testid="diff-added"]').textContent());
    const removed = Number(await page.locator('[data-testid="diff-removed"]').textContent());
    expect((await numberIn(page, 'pixels-rankseg')) - (await numberIn(page, 'pixels-baseline'))).toBe(
      added - removed,
    );
    const size = await page
      .locator('[data-testid="canvas-rankseg"]')
      .evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(size).toEqual([256, 256]);
  });

  it('recomputes when the solver, the metric, smoothing or pruning change, and says so when a solver raises', async () => {
    let version = await waitForResults(page, { source: 'camera' });
    for (const solver of ['ba', 'trna', 'ba+trna']) {
      await page.locator('[data-testid="solver"]').selectOption(solver);
      version = await waitForResults(page, { solver, state: 'ready' }, version);
      expect(await page.locator('[data-testid="basis-rankseg"]').textContent()).toContain(
        solver.toUpperCase(),
      );
      const expected = await numberIn(page, 'expected-rankseg');
      expect(expected).toBeGreaterThan(0.5);
      expect(expected).toBeLessThanOrEqual(1);
    }
    // 'exact' is listed for both metrics; this build may or may not have it
    await page.locator('[data-testid="solver"]').selectOption('exact');
    version = await waitForResults(page, { solver: 'exact' }, version);
    const state = await page.locator('[data-testid="results"]').getAttribute('data-state');
    if (state === 'solver-error') {
      await expect.poll(() => page.locator('[data-testid="note"]').textContent()).toContain("'exact'");
      expect(await page.locator('[data-testid="expected-rankseg"]').textContent()).toBe('—');
    } else {
      // the exact solver's objective is the exact expected Dice of its mask, the best of all masks
      expect(state).toBe('ready');
      const objective = await numberIn(page, 'expected-rankseg');
      expect(await numberIn(page, 'exact-rankseg')).toBeCloseTo(objective, 9);
      expect(objective).toBeGreaterThanOrEqual(await numberIn(page, 'exact-baseline'));
    }

    // an option value the library refuses: the note says why, the baseline stays
    await page.locator('[data-testid="solver"]').selectOption('rma');
    await page.locator('[data-testid="smooth"]').fill('-1');
    version = await waitForResults(page, { solver: 'rma', state: 'solver-error' }, version);
    await expect.poll(() => page.locator('[data-testid="note"]').textContent()).toContain('smooth');
    expect(await numberIn(page, 'expected-baseline')).toBeGreaterThan(0.5);
    await page.locator('[data-testid="smooth"]').fill('0');
    version = await waitForResults(page, { solver: 'rma', state: 'ready' }, version);

    await page.locator('[data-testid="metric"]').selectOption('iou');
    const iouSolvers = await page
      .locator('[data-testid="solver"] option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(iouSolvers).toEqual(['rma', 'exact']);
    await page.locator('[data-testid="solver"]').selectOption('rma');
    version = await waitForResults(page, { metric: 'iou', solver: 'rma', state: 'ready' }, version);
    expect(await numberIn(page, 'expected-rankseg')).toBeGreaterThanOrEqual(
      await numberIn(page, 'expected-baseline'),
    );

    // pruning every class: RankSEG's mask is empty
    await setRange(page, 'pruning', '1');
    version = await waitForResults(page, { metric: 'iou' }, version);
    expect(await numberIn(page, 'pixels-rankseg')).toBe(0);
    await setRange(page, 'pruning', '0.5');
    await page.locator('[data-testid="smooth"]').fill('10');
    version = await waitForResults(page, { metric: 'iou' }, version);
    const smoothed = await numberIn(page, 'expected-rankseg');
    await page.locator('[data-testid="smooth"]').fill('0');
    version = await waitForResults(page, { metric: 'iou' }, version);
    expect(smoothed).not.toBe(await numberIn(page, 'expected-rankseg'));
    await page.locator('[data-testid="metric"]').selectOption('dice');
    await waitForResults(page, { metric: 'dice', solver: 'rma' }, version);
  });

  it('shows the multiclass brain sample with a row per class and RankSEG expected Dice ≥ argmax', async () => {
    await page.locator('[data-testid="sample-brain"]').click();
    await waitForResults(page, { source: 'brain', solver: 'rma', state: 'ready' });
    expect(await page.locator('[data-testid="per-class"] tbody tr').count()).toBe(4);
    expect(await numberIn(page, 'expected-rankseg')).toBeGreaterThanOrEqual(
      await numberIn(page, 'expected-baseline'),
    );
    expect(Number(await page.locator('[data-testid="diff-changed"]').textContent())).toBeGreaterThan(0);
  });

  it('compares argmax and RankSEG on a dropped .npy of probabilities with a label file, with the Dice and IoU rankseg computes in Node', async () => {
    const { probsBytes, labels, height, width, tensor, target, opts } = brainWithLabels();
    await page.locator('[data-testid="file-input"]').setInputFiles([
      { name: 'brain_probs.npy', mimeType: 'application/octet-stream', buffer: Buffer.from(probsBytes) },
      {
        name: 'brain_labels.npy',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(encodeNpy({ data: labels, shape: [height, width] })),
      },
    ]);
    await waitForResults(page, { source: 'file', solver: 'rma', state: 'ready' });

    const argmax = rankseg(tensor, { metric: 'accuracy', solver: 'argmax' });
    const ours = rankseg(tensor, { metric: 'dice', solver: 'rma' });
    expect(await numberIn(page, 'score-dice-baseline')).toBeCloseTo(diceScore(argmax, target, opts).mean, 12);
    expect(await numberIn(page, 'score-dice-rankseg')).toBeCloseTo(diceScore(ours, target, opts).mean, 12);
    expect(await numberIn(page, 'score-iou-rankseg')).toBeCloseTo(iouScore(ours, target, opts).mean, 12);

    await page.locator('[data-testid="solver"]').selectOption('trna');
    await waitForResults(page, { source: 'file', solver: 'trna', state: 'ready' });
    const trna = rankseg(tensor, { metric: 'dice', solver: 'trna' });
    expect(await numberIn(page, 'score-dice-rankseg')).toBeCloseTo(diceScore(trna, target, opts).mean, 12);
    await page.locator('[data-testid="solver"]').selectOption('rma');
  });

  it('the temperature control tempers the probabilities before solving, as applyTemperature does in Node', async () => {
    const { tensor, target, opts } = brainWithLabels();
    let version = await waitForResults(page, {
      source: 'file',
      solver: 'rma',
      temperature: '1',
      state: 'ready',
    });
    const argmaxScore = await numberIn(page, 'score-dice-baseline');
    const untempered = await numberIn(page, 'expected-rankseg');
    for (const [slider, T] of [
      ['1', 2],
      ['-1', 0.5],
    ] as const) {
      await setRange(page, 'temperature', slider);
      version = await waitForResults(
        page,
        { source: 'file', temperature: String(T), state: 'ready' },
        version,
      );
      expect(await page.locator('[data-testid="temperature"] + output').textContent()).toBe(
        `T = ${T.toFixed(2)}`,
      );
      const mask = rankseg(applyTemperature(tensor, T), { metric: 'dice', solver: 'rma' });
      expect(await numberIn(page, 'score-dice-rankseg')).toBeCloseTo(diceScore(mask, target, opts).mean, 12);
      // a temperature keeps every pixel's argmax
      expect(await numberIn(page, 'score-dice-baseline')).toBe(argmaxScore);
      expect(await numberIn(page, 'expected-rankseg')).not.toBe(untempered);
      expect(await numberIn(page, 'expected-rankseg')).toBeGreaterThanOrEqual(
        await numberIn(page, 'expected-baseline'),
      );
      expect(await page.locator('[data-testid="notes"]').textContent()).toContain(
        `tempered with T = ${T.toFixed(2)}`,
      );
    }
    await setRange(page, 'temperature', '0');
    await waitForResults(page, { source: 'file', temperature: '1', state: 'ready' }, version);
    expect(await numberIn(page, 'expected-rankseg')).toBe(untempered);
  });

  it('runs the model on a photo dropped on the page, with the landscape model for a wide photo', async () => {
    const base64 = readFileSync(join(repo, 'data/samples/chelsea.png')).toString('base64');
    const dataTransfer = await page.evaluateHandle((data) => {
      const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'chelsea.png', { type: 'image/png' }));
      return transfer;
    }, base64);
    await page.locator('[data-testid="drop-zone"]').dispatchEvent('drop', { dataTransfer });
    await waitForResults(page, { source: 'photo', state: 'ready' });
    const size = await page
      .locator('[data-testid="canvas-baseline"]')
      .evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
    expect(size).toEqual([256, 144]);
    expect(await page.locator('[data-testid="notes"]').textContent()).toContain(
      'selfie_segmentation_landscape.tflite',
    );
    expect(await numberIn(page, 'expected-rankseg')).toBeGreaterThanOrEqual(
      await numberIn(page, 'expected-baseline'),
    );
  });

  it('runs the model on the webcam (a fake camera here) when the button is pressed', async () => {
    await page.locator('[data-testid="webcam"]').click();
    await waitForResults(page, { source: 'webcam', state: 'ready' });
    await page.locator('[data-testid="webcam"]').click();
    await expect.poll(() => page.locator('[data-testid="webcam"]').textContent()).toBe('Start webcam');
    expect(
      await page.locator('[data-testid="canvas-heat"]').evaluate((c) => (c as HTMLCanvasElement).width),
    ).toBe(256);
  });

  it('takes a screenshot of the camera sample, and the page logged no errors and fetched nothing from outside', async () => {
    await page.locator('[data-testid="sample-camera"]').click();
    await waitForResults(page, { source: 'camera', solver: 'rma', state: 'ready' });
    const png = await page.screenshot({ fullPage: true });
    const path = process.env['RANKSEG_DEMO_SCREENSHOT']
      ? resolve(repo, process.env['RANKSEG_DEMO_SCREENSHOT'])
      : join(tmpdir(), 'rankseg-demo-screenshot.png');
    writeFileSync(path, png);
    expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    expect(problems).toEqual([]);
  });
});
