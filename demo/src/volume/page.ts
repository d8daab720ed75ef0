/**
 * The volume page (volume.html): a NIfTI probability volume in NiiVue with the argmax and RankSEG
 * masks and their difference as overlays, and the numbers of both. Reading, the masks and the
 * scores run in a Web Worker (worker.ts); this module only drives the controls and the viewer.
 */
import labelsUrl from '../../samples/organs_labels.nii.gz?url';
import probsUrl from '../../samples/organs_probs.nii.gz?url';
import { byId, fillSolverList, onFiles, readSolverSettings, showNote as showNoteIn } from '../controls';
import { type JobControl, VolumeClient, VolumeJobError } from './client';
import type { NamedBytes, VolumeInfo, VolumeProgress, VolumeSettings } from './protocol';
import { resultsTableHtml } from './resultsTable';
import {
  classColors,
  DIFFERENCE_COLORS,
  OVERLAYS,
  type OverlayName,
  type ViewName,
  VolumeViewer,
} from './viewer';

/** The sample's class names (scripts/sample-data/organVolume.ts). */
const SAMPLE_CLASSES = ['background', 'liver', 'kidney', 'lesion'];

function byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`[data-testid=${id}] is missing from volume.html`);
  return el;
}

const ui = {
  sample: byId<HTMLButtonElement>('sample'),
  files: byId<HTMLInputElement>('files'),
  drop: byId('drop'),
  metric: byId<HTMLSelectElement>('metric'),
  solver: byId<HTMLSelectElement>('solver'),
  smooth: byId<HTMLInputElement>('smooth'),
  pruning: byId<HTMLInputElement>('pruning'),
  progress: byId<HTMLProgressElement>('progress'),
  stage: byId('stage'),
  view: byId<HTMLSelectElement>('view'),
  frame: byId<HTMLSelectElement>('frame'),
  status: byId('status'),
  note: byId('note'),
  legend: byId('legend'),
  summary: byId('summary'),
  results: byId<HTMLTableElement>('results'),
  notes: byId('notes'),
};

const client = new VolumeClient(
  () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }),
);
const viewer = new VolumeViewer(byId<HTMLCanvasElement>('viewer'));

let info: VolumeInfo | undefined;
/** Display names of the open volume's classes. */
let classNames: string[] = [];
/** The job in flight: what it is, and how to stop it. */
let current: { kind: 'open' | 'solve'; abort: AbortController } | undefined;
let version = 0;
/** `version` when the open volume was opened. */
let versionAtOpen = 0;
/** When each stage of the current job was reported (main-thread clock), for the progress bar's log. */
let progressLog: { stage: string; at: number }[] = [];

const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const swatch = (rgb: readonly number[]) =>
  `<span class="swatch" style="background:rgb(${rgb.join(',')})"></span>`;
const fmtMs = (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);

function showNote(text: string | undefined): void {
  showNoteIn(ui.note, text);
}

function settings(): VolumeSettings {
  return readSolverSettings(ui);
}

function fillSolvers(): void {
  fillSolverList(ui.solver, settings().metric);
}

function onProgress(progress: VolumeProgress): void {
  ui.progress.value = progress.fraction;
  ui.stage.textContent = progress.message;
  ui.stage.dataset['stage'] = progress.stage;
  progressLog.push({ stage: progress.stage, at: performance.now() });
  ui.progress.dataset['log'] = JSON.stringify(progressLog);
}

/** Starts a job of `kind`, stopping the one in flight. */
function startJob(kind: 'open' | 'solve'): JobControl {
  current?.abort.abort();
  const abort = new AbortController();
  current = { kind, abort };
  progressLog = [];
  ui.progress.value = 0;
  return { onProgress, signal: abort.signal };
}

function finishJob(control: JobControl): boolean {
  if (current?.abort.signal !== control.signal) return false;
  current = undefined;
  ui.progress.value = 1;
  ui.stage.textContent = 'done';
  ui.stage.dataset['stage'] = 'done';
  return true;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

function fail(error: unknown, state: string): void {
  // a file or an option the worker refused is the user's to fix (the note says why); anything else is a bug
  if (!(error instanceof VolumeJobError)) console.error(error);
  ui.results.dataset['state'] = state;
  ui.stage.textContent = 'failed';
  ui.stage.dataset['stage'] = 'failed';
  showNote(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** Reads `files` in the worker, shows the volume and the baseline, then solves. */
async function openVolume(files: NamedBytes[], source: string, names?: string[]): Promise<void> {
  const control = startJob('open');
  ui.results.dataset['state'] = 'loading';
  ui.status.textContent = `Reading ${files.map((f) => f.name).join(', ')}…`;
  showNote(undefined);
  let opened: VolumeInfo;
  try {
    opened = await client.open(files, control);
    if (control.signal?.aborted) return;
    info = opened;
    versionAtOpen = version;
    classNames = names && names.length === opened.classes ? names : opened.classNames;
    fillFrames(opened);
    await viewer.show(opened.background, opened.baselineVolume, classNames, Number(ui.frame.value));
  } catch (error) {
    // the volume shown before stays, and settings changes still solve it
    if (!isAbort(error) && current?.abort.signal === control.signal) {
      current = undefined;
      fail(error, 'load-error');
      ui.status.textContent = `Could not read ${files.map((f) => f.name).join(', ')}.`;
    }
    return;
  }
  if (!finishJob(control)) return;
  const [x, y, z] = opened.dims;
  const mm = opened.voxelSize.map((s) => Number(s.toFixed(3))).join(' × ');
  ui.status.textContent =
    `${opened.name}${opened.labelsName ? ` + ${opened.labelsName}` : ''} · ${x}×${y}×${z} voxels of ${mm} · ` +
    (opened.classes === 1 ? 'binary (one channel)' : `${opened.classes} classes`) +
    ` · read in ${fmtMs(opened.readMs)}, ${opened.classes === 1 ? 'p > 0.5' : 'argmax'} in ${fmtMs(opened.baselineMs)} (in the worker)`;
  ui.results.dataset['source'] = source;
  byId('name-baseline').textContent = opened.classes === 1 ? 'p > 0.5' : 'argmax';
  drawLegend();
  await solveNow();
}

/** The background choices: P(class c) for each class, and P(not class 0). */
function fillFrames(opened: VolumeInfo): void {
  const names = opened.classes === 1 ? ['P(foreground)'] : classNames.map((name) => `P(${name})`);
  if (opened.classes > 1) names.push(`1 − P(${classNames[0]})`);
  ui.frame.replaceChildren(
    ...names.map((name, k) => {
      const option = document.createElement('option');
      option.value = String(k);
      option.textContent = name;
      return option;
    }),
  );
  ui.frame.value = String(names.length - 1);
}

function drawLegend(): void {
  if (!info) return;
  const colors = classColors(info.classes);
  const classes = (info.classes === 1 ? ['foreground'] : classNames)
    .map((name, c) =>
      info!.classes > 1 && c === 0 ? '' : `${swatch(colors[info!.classes === 1 ? 1 : c]!)}${esc(name)}`,
    )
    .join(' ');
  const { added, removed, relabelled } = DIFFERENCE_COLORS;
  ui.legend.innerHTML =
    `masks: ${classes} · difference: ${swatch(added)}RankSEG adds ${swatch(removed)}RankSEG removes` +
    (info.classes > 1 ? ` ${swatch(relabelled)}relabelled (another class)` : '');
}

/** Runs RankSEG in the worker with the current settings and shows the result. */
async function solveNow(): Promise<void> {
  if (!info) return;
  const opened = info;
  const s = settings();
  const control = startJob('solve');
  ui.results.dataset['state'] = 'solving';
  let outcome: Awaited<ReturnType<VolumeClient['solve']>>;
  try {
    outcome = await client.solve(s, control);
    if (control.signal?.aborted || info !== opened) return;
    viewer.showRankseg(outcome.ranksegLabels, outcome.differenceLabels);
    // a new volume opens where the masks differ most; later solves keep the user's position
    if (version === versionAtOpen) viewer.focus(outcome.focus);
  } catch (error) {
    if (!isAbort(error) && current?.abort.signal === control.signal) {
      current = undefined;
      fail(error, 'solver-error');
    }
    return;
  }
  if (!finishJob(control)) return;
  showNote(undefined);
  const colors = classColors(opened.classes);
  const swatches = classNames.map((_, c) => swatch(colors[opened.classes === 1 ? 1 : c]!));
  ui.results.innerHTML = resultsTableHtml(opened, outcome, classNames, swatches);
  const metric = s.metric === 'iou' ? 'IoU' : 'Dice';
  const exact = outcome.baseline.exact && outcome.rankseg.exact;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const yardstick = exact
    ? `exact expected ${metric} (class mean): ${mean(outcome.baseline.exact!).toFixed(4)} → ${mean(outcome.rankseg.exact!).toFixed(4)}`
    : `RMA estimate of the expected ${metric} (class mean): ${mean(outcome.baseline.rma).toFixed(4)} → ${mean(outcome.rankseg.rma).toFixed(4)}`;
  ui.summary.innerHTML =
    `RankSEG (${metric}, ${esc(s.solver)}) changes <b data-testid="volume-changed">${outcome.added + outcome.removed + outcome.relabelled}</b> voxels: ` +
    `adds <b data-testid="volume-added">${outcome.added}</b>, removes <b data-testid="volume-removed">${outcome.removed}</b>` +
    (opened.classes > 1 ? `, relabels <b data-testid="volume-relabelled">${outcome.relabelled}</b>` : '') +
    `. ${yardstick}. Solve ${fmtMs(outcome.solveMs)}, whole job ${fmtMs(outcome.totalMs)} (in the worker).`;
  ui.notes.replaceChildren(
    ...[...opened.notes, ...(outcome.exactSkipped ? [outcome.exactSkipped] : [])].map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  version++;
  Object.assign(ui.results.dataset, {
    version: String(version),
    state: 'ready',
    metric: s.metric,
    solver: s.solver,
    solveMs: String(outcome.solveMs),
  });
}

/** A settings change: solve again, unless an open is in flight (it solves with the new settings). */
function settingsChanged(): void {
  if (current?.kind === 'open') return;
  void solveNow();
}

async function fetchBytes(url: string, name: string): Promise<NamedBytes> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${name}: HTTP ${response.status}`);
  return { name, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function openSample(): Promise<void> {
  ui.sample.setAttribute('aria-pressed', 'true');
  const files = await Promise.all([
    fetchBytes(probsUrl, 'organs_probs.nii.gz'),
    fetchBytes(labelsUrl, 'organs_labels.nii.gz'),
  ]);
  await openVolume(files, 'sample', SAMPLE_CLASSES);
}

async function openFiles(list: FileList | readonly File[]): Promise<void> {
  const files = Array.from(list);
  if (files.length === 0) return;
  ui.sample.setAttribute('aria-pressed', 'false');
  const named = await Promise.all(
    files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })),
  );
  await openVolume(named, 'file');
}

function wireOverlay(name: OverlayName): void {
  const toggle = byTestId<HTMLInputElement>(`toggle-${name}`);
  const opacity = byTestId<HTMLInputElement>(`opacity-${name}`);
  toggle.addEventListener('change', () => viewer.setVisible(name, toggle.checked));
  opacity.addEventListener('input', () => viewer.setOpacity(name, Number(opacity.value)));
  viewer.setVisible(name, toggle.checked);
  viewer.setOpacity(name, Number(opacity.value));
}

async function main(): Promise<void> {
  fillSolvers();
  ui.metric.addEventListener('change', () => {
    fillSolvers();
    settingsChanged();
  });
  ui.solver.addEventListener('change', settingsChanged);
  for (const el of [ui.smooth, ui.pruning]) el.addEventListener('change', settingsChanged);
  ui.view.addEventListener('change', () => viewer.setView(ui.view.value as ViewName));
  ui.frame.addEventListener('change', () => viewer.setFrame(Number(ui.frame.value)));
  ui.sample.addEventListener('click', () => void openSample().catch((e: unknown) => fail(e, 'load-error')));
  onFiles(ui.files, ui.drop, (files) => void openFiles(files));
  await viewer.attach();
  for (const name of OVERLAYS) wireOverlay(name);
  viewer.setView(ui.view.value as ViewName);
  await openSample();
}

main().catch((error: unknown) => {
  fail(error, 'start-error');
  ui.status.textContent = 'The page failed to start.';
});
