/**
 * Builds the web demo (demo/, both pages) into a temporary folder, serves it with `vite preview`
 * on a free localhost port and opens a page in Debian's Chromium through playwright-core. The page
 * records its errors and every request outside its own server in `problems` (and aborts those).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';

/** Debian's Chromium; the e2e tests are skipped where it is absent. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium flags. WebGL2 (NiiVue) in headless Chromium without a GPU: ANGLE on SwiftShader, the
 * CPU Vulkan implementation Chromium ships; `--enable-unsafe-swiftshader` allows it explicitly
 * (recent Chromium no longer falls back to it silently for WebGL).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ServedDemo {
  outDir: string;
  origin: string;
  browser: Browser;
  page: Page;
  /** Page errors, console errors and requests outside the page's own server. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * @param configFile - demo/vite.config.ts.
 * @param viewport - the page's size (CSS pixels, device scale 1).
 */
export async function serveDemo(
  configFile: string,
  viewport: { width: number; height: number },
): Promise<ServedDemo> {
  const outDir = mkdtempSync(join(tmpdir(), 'rankseg-demo-'));
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    if (server) await new Promise<void>((done) => server!.httpServer.close(() => done()));
    rmSync(outDir, { recursive: true, force: true });
  };
  try {
    await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({
      configFile,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, open: false },
    });
    const { port } = server.httpServer.address() as AddressInfo;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        problems.push(`external request: ${route.request().url()}`);
        return route.abort();
      },
    );
    return { outDir, origin: `http://127.0.0.1:${port}`, browser, page, problems, close };
  } catch (error) {
    await close();
    throw error;
  }
}
