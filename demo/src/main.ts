/**
 * The demo page: loads a sample, a dropped file or the webcam into a {@link Scene}, and shows
 * argmax (or p > 0.5) against RankSEG on it, recomputed whenever a control changes.
 */
import { decodeNpy, encodePng, type RgbImage, sideBySide } from 'rankseg/io';
import { decodePng8, type Image8 } from '../../scripts/sample-data/image';
import { type Comparison, compare, probeSolvers, type Settings } from './compare';
import { byId, fillSolverList, onFiles, readSolverSettings, showNote as showNoteIn } from './controls';
import { readDroppedFiles, readProbabilities } from './files';
import { heatGradientCss } from './heatmap';
import { COLORS, differencePicture, displayPalette, heatPicture, maskPicture, paint } from './render';
import { asPngImage, grayPicture, maxAbsDifference, type Scene, segmentPhoto } from './scene';
import { temperatureOf, temperedScene } from './temperature';
import { Webcam } from './webcam';

/** An entry of data/samples/samples.json (the fields the page reads). */
interface SampleInfo {
  name: string;
  description: string;
  task: 'binary' | 'multiclass';
  probabilities: string;
  image: string;
  classes: string[];
  source: string;
  credit: string;
}

function byTestId(id: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`[data-testid=${id}] is missing from index.html`);
  return el;
}

const ui = {
  metric: byId<HTMLSelectElement>('metric'),
  solver: byId<HTMLSelectElement>('solver'),
  smooth: byId<HTMLInputElement>('smooth'),
  pruning: byId<HTMLInputElement>('pruning'),
  pruningValue: byId<HTMLOutputElement>('pruning-value'),
  temperature: byId<HTMLInputElement>('temperature'),
  temperatureValue: byId<HTMLOutputElement>('temperature-value'),
  heatClass: byId<HTMLSelectElement>('heat-class'),
  heatClassLabel: byId('heat-class-label'),
  status: byId('status'),
  note: byId('note'),
  notes: byId('notes'),
  results: byId('results'),
  perClass: byId<HTMLTableElement>('per-class'),
  scores: byId<HTMLTableElement>('scores'),
  files: byId<HTMLInputElement>('files'),
  drop: byId('drop'),
  webcam: byId<HTMLButtonElement>('webcam'),
  save: byId<HTMLButtonElement>('save'),
  samples: byId('samples'),
};

const canvases = {
  baseline: byId<HTMLCanvasElement>('canvas-baseline'),
  rankseg: byId<HTMLCanvasElement>('canvas-rankseg'),
  diff: byId<HTMLCanvasElement>('canvas-diff'),
  heat: byId<HTMLCanvasElement>('canvas-heat'),
};

let scene: Scene | undefined;
let solverErrors = new Map<string, string | undefined>();
let version = 0;
/** The pictures last drawn, for "Save PNG". */
let lastPictures: RgbImage[] = [];

/** Text for innerHTML (class names come from files). */
const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const fmt = (x: number, digits = 5) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
const fmtMs = (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(1)} ms`);

/** Sets a cell's text, and its exact number in `data-value` (what the end-to-end test reads). */
function setCell(testId: string, text: string, value?: number): void {
  const cell = byTestId(testId);
  cell.textContent = text;
  if (value === undefined) delete cell.dataset['value'];
  else cell.dataset['value'] = String(value);
}

function showNote(text: string | undefined): void {
  showNoteIn(ui.note, text);
}

function settings(): Settings {
  return readSolverSettings(ui);
}

/** Fills the solver list for the metric, marking the solvers this build refuses. */
function fillSolvers(): void {
  const metric = settings().metric;
  fillSolverList(ui.solver, metric, (name) => solverErrors.get(`${metric}/${name}`));
}

/** Recomputes and redraws everything for the current scene and controls. */
function update(): void {
  if (!scene) return;
  const s = settings();
  ui.pruningValue.textContent = s.pruningProb.toFixed(2);
  const temperature = temperatureOf(ui.temperature.value);
  ui.temperatureValue.textContent = `T = ${temperature.toFixed(2)}`;
  const shown = temperedScene(scene, temperature);
  let cmp: Comparison;
  try {
    cmp = compare(shown, s);
  } catch (error) {
    showNote(error instanceof Error ? error.message : String(error));
    return;
  }
  const solverError = solverErrors.get(`${s.metric}/${s.solver}`);
  if (cmp.error) {
    showNote(
      solverError
        ? `Solver '${s.solver}' is not part of this build of rankseg (it raised ${cmp.error}). Only the baseline is shown.`
        : `Solver '${s.solver}' raised ${cmp.error}. Only the baseline is shown.`,
    );
  } else {
    showNote(undefined);
  }
  draw(shown, cmp);
  fillTables(shown, cmp, s);
  version++;
  Object.assign(ui.results.dataset, {
    version: String(version),
    source: scene.id,
    metric: s.metric,
    solver: s.solver,
    temperature: String(temperature),
    state: cmp.error ? 'solver-error' : 'ready',
  });
}

let pending = 0;
/** Coalesces bursts of control events (a dragged slider) into one update per frame. */
function scheduleUpdate(): void {
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = 0;
    update();
  });
}

function draw(sc: Scene, cmp: Comparison): void {
  const base = maskPicture(sc, cmp.baseline.labels);
  paint(canvases.baseline, base);
  // without a RankSEG mask (its solver raised) the panel shows the dimmed photo
  const rank = cmp.rankseg ? maskPicture(sc, cmp.rankseg.labels) : differencePicture(sc, cmp);
  paint(canvases.rankseg, rank);
  const diff = differencePicture(sc, cmp);
  paint(canvases.diff, diff);
  const heatIndex = sc.classes === 1 ? 0 : Number(ui.heatClass.value);
  const heat = heatPicture(sc, heatIndex);
  paint(canvases.heat, heat);
  lastPictures = [base, rank, diff, heat];
  ui.save.disabled = false;

  const binary = sc.classes === 1;
  const baseName = binary ? 'p > 0.5' : 'argmax';
  byId('caption-baseline').textContent = binary
    ? `${baseName}: the pixels with p > 0.5, in blue`
    : `${baseName}: the most probable class per pixel (${sc.classNames[0]} left clear)`;
  byId('caption-rankseg').textContent =
    `RankSEG (${settings().metric === 'iou' ? 'IoU' : 'Dice'}, ${settings().solver})`;
  const diffCaption = byId('caption-diff');
  if (binary) {
    diffCaption.innerHTML =
      `difference: <span class="swatch" style="background:rgb(${COLORS.added.join(',')})"></span>added ` +
      `<b data-testid="diff-added">${cmp.added}</b>` +
      `<span class="swatch" style="background:rgb(${COLORS.removed.join(',')})"></span>removed ` +
      `<b data-testid="diff-removed">${cmp.removed}</b> pixels`;
  } else {
    const palette = displayPalette();
    const chips = sc.classNames
      .map(
        (name, c) =>
          `<span class="swatch" style="background:rgb(${palette[c]!.join(',')})"></span>${esc(name)}`,
      )
      .join(' ');
    diffCaption.innerHTML = `relabelled by RankSEG: <b data-testid="diff-changed">${cmp.changed}</b> pixels, in their new class's colour: ${chips}`;
  }
  byId('caption-heat').textContent = `probability heat map: P(${sc.classNames[heatIndex] ?? heatIndex})`;
}

function fillTables(sc: Scene, cmp: Comparison, s: Settings): void {
  const metricName = s.metric === 'iou' ? 'IoU' : 'Dice';
  const binary = sc.classes === 1;
  const mean = binary ? '' : ' (class mean)';
  byId('expected-head').textContent = `expected ${metricName}${mean}`;
  byId('exact-head').textContent = `exact E[${metricName}] of the mask${mean}`;
  byId('rma-head').textContent = `RMA estimate of the mask`;
  byId('pixels-head').textContent = binary ? 'pixels' : `pixels ≠ ${sc.classNames[0]}`;
  byId('name-baseline').textContent = binary ? 'p > 0.5' : 'argmax';
  byId('name-rankseg').textContent = `RankSEG ${s.solver}`;
  const rows = [
    ['baseline', cmp.baseline],
    ['rankseg', cmp.rankseg],
  ] as const;
  for (const [key, r] of rows) {
    if (!r) {
      for (const col of ['pixels', 'expected', 'basis', 'exact', 'rma', 'time'])
        setCell(`${col}-${key}`, '—');
      continue;
    }
    const pixels = binary ? r.volume[0]! : r.volume.reduce((a, b) => a + b, 0) - r.volume[0]!;
    setCell(`pixels-${key}`, String(pixels), pixels);
    setCell(`expected-${key}`, fmt(r.expected), r.expected);
    setCell(`basis-${key}`, r.basis);
    setCell(`exact-${key}`, fmt(r.exact), r.exact);
    setCell(`rma-${key}`, fmt(r.rma), r.rma);
    setCell(`time-${key}`, fmtMs(r.ms), r.ms);
    byTestId(`basis-${key}`).className = 'text';
  }
  const better = cmp.rankseg && cmp.rankseg.expected >= cmp.baseline.expected;
  byTestId('expected-rankseg').className = better ? 'better' : '';
  const gain = byTestId('gain');
  if (cmp.rankseg) {
    const exact = Number.isFinite(cmp.rankseg.exact) && Number.isFinite(cmp.baseline.exact);
    const [before, after] = exact
      ? [cmp.baseline.exact, cmp.rankseg.exact]
      : [cmp.baseline.rma, cmp.rankseg.rma];
    const delta = after - before;
    const signed = Math.abs(delta) < 1e-3 ? delta.toExponential(1) : delta.toFixed(4);
    gain.textContent =
      `Both masks on the same yardstick, the ${exact ? 'exact' : 'RMA-estimated'} expected ${metricName}${mean}: ` +
      `${fmt(before)} → ${fmt(after)}, ${delta >= 0 ? '+' : ''}${signed}. ` +
      (binary
        ? `RankSEG adds ${cmp.added} and removes ${cmp.removed} pixels.`
        : `RankSEG relabels ${cmp.changed} pixels.`);
    gain.dataset['value'] = String(delta);
  } else {
    gain.textContent = '';
    delete gain.dataset['value'];
  }

  ui.perClass.hidden = binary;
  if (!binary) {
    const palette = displayPalette();
    const head =
      `<thead><tr><th>class</th><th>argmax px</th><th>RankSEG px</th><th>solver τ</th>` +
      `<th>argmax E[${metricName}] (exact)</th><th>RankSEG E[${metricName}] (exact)</th><th>solver objective at τ</th></tr></thead>`;
    const body = sc.classNames
      .map((name, c) => {
        const r = cmp.rankseg;
        return (
          `<tr><th><span class="swatch" style="background:rgb(${palette[c]!.join(',')})"></span>${esc(name)}</th>` +
          `<td>${cmp.baseline.volume[c]}</td><td>${r ? r.volume[c] : '—'}</td><td>${r?.solverVolume ? r.solverVolume[c] : '—'}</td>` +
          `<td>${fmt(cmp.baseline.exactPerClass[c]!)}</td><td>${r ? fmt(r.exactPerClass[c]!) : '—'}</td>` +
          `<td>${r ? fmt(r.expectedPerClass[c]!) : '—'}</td></tr>`
        );
      })
      .join('');
    ui.perClass.innerHTML = `${head}<tbody>${body}</tbody>`;
  }

  ui.scores.hidden = !sc.labels;
  if (sc.labels) {
    const cell = (key: string, v: number | undefined) =>
      `<td data-testid="${key}" data-value="${v ?? ''}">${v === undefined ? '—' : fmt(v)}</td>`;
    const row = (key: 'baseline' | 'rankseg', name: string) => {
      const sc2 = key === 'baseline' ? cmp.baseline.scores : cmp.rankseg?.scores;
      return `<tr><th>${name}</th>${cell(`score-dice-${key}`, sc2?.dice)}${cell(`score-iou-${key}`, sc2?.iou)}</tr>`;
    };
    ui.scores.innerHTML =
      `<thead><tr><th>against the labels</th><th>Dice</th><th>IoU</th></tr></thead><tbody>` +
      row('baseline', binary ? 'p > 0.5' : 'argmax') +
      row('rankseg', `RankSEG ${s.solver}`) +
      `</tbody>`;
  }

  const notes = [...sc.notes];
  ui.notes.replaceChildren(
    ...notes.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  if (sc.modelCheck !== undefined) {
    const li = document.createElement('li');
    li.dataset['testid'] = 'model-check';
    li.dataset['value'] = String(sc.modelCheck);
    li.textContent = `The model output in this page matches the shipped probabilities (data/samples, made with the same model and LiteRT build in Node): max |Δp| = ${sc.modelCheck.toExponential(2)} (float16 storage).`;
    ui.notes.append(li);
  }
}

/** Makes `sc` the current scene (resetting the heat-map class list when the classes change). */
function setScene(sc: Scene): void {
  const sameClasses = scene && scene.classNames.join('\n') === sc.classNames.join('\n');
  scene = sc;
  ui.heatClassLabel.hidden = sc.classes === 1;
  if (!sameClasses) {
    ui.heatClass.replaceChildren(
      ...sc.classNames.map((name, c) => {
        const option = document.createElement('option');
        option.value = String(c);
        option.textContent = name;
        return option;
      }),
    );
    ui.heatClass.value = String(mostUncertainClass(sc));
  }
  ui.status.textContent = `${sc.title} · ${sc.width}×${sc.height} · ${sc.classes === 1 ? 'binary (1 channel)' : `${sc.classes} classes`}`;
  update();
}

/** The class with the most pixels at 0.05 < p < 0.95: the most telling heat map. */
function mostUncertainClass(sc: Scene): number {
  const n = sc.width * sc.height;
  let best = 0;
  let bestCount = -1;
  for (let c = 0; c < sc.classes; c++) {
    let count = 0;
    for (let i = 0; i < n; i++) {
      const p = sc.probs[c * n + i]!;
      if (p > 0.05 && p < 0.95) count++;
    }
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok) throw new Error(`could not load ${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A photo through the model, as a scene. */
async function photoScene(id: string, title: string, photo: Image8, notes: string[] = []): Promise<Scene> {
  const seg = await segmentPhoto(photo);
  return {
    id,
    title,
    probs: seg.probs,
    classes: 1,
    height: seg.height,
    width: seg.width,
    classNames: ['person'],
    photo: asPngImage(seg.image),
    notes: [
      `P(person) from ${seg.model} run in this page with LiteRT.js (wasm, CPU) in ${fmtMs(seg.ms)}` +
        (photo.width !== seg.width || photo.height !== seg.height
          ? `; the ${photo.width}×${photo.height} photo was centre-cropped and area-resampled to ${seg.width}×${seg.height}`
          : ''),
      ...notes,
    ],
  };
}

let loadToken = 0;

/** Runs `load` unless a newer load started meanwhile; reports failures in the note. */
async function loadScene(what: string, load: () => Promise<Scene>): Promise<void> {
  const token = ++loadToken;
  ui.status.textContent = `Loading ${what}…`;
  ui.results.dataset['state'] = 'loading';
  try {
    const sc = await load();
    if (token === loadToken) setScene(sc);
  } catch (error) {
    if (token !== loadToken) return;
    console.error(error);
    ui.results.dataset['state'] = 'load-error';
    ui.status.textContent = `Could not load ${what}.`;
    showNote(error instanceof Error ? error.message : String(error));
  }
}

function loadSample(info: SampleInfo): Promise<void> {
  for (const b of ui.samples.querySelectorAll('button')) {
    b.setAttribute('aria-pressed', String(b.dataset['sample'] === info.name));
  }
  return loadScene(info.name, async () => {
    const [photoBytes, probBytes] = await Promise.all([
      fetchBytes(`samples/${info.image}`),
      fetchBytes(`samples/${info.probabilities}`),
    ]);
    const photo = decodePng8(photoBytes);
    const shipped = readProbabilities(info.probabilities, decodeNpy(probBytes));
    const credit = `Photo: ${info.credit}.`;
    if (info.task === 'binary') {
      const sc = await photoScene(info.name, info.name, photo, [info.description, credit]);
      sc.modelCheck = maxAbsDifference(sc.probs, shipped.probs);
      return sc;
    }
    return {
      id: info.name,
      title: info.name,
      probs: shipped.probs,
      classes: shipped.classes,
      height: shipped.height,
      width: shipped.width,
      classNames: info.classes,
      photo: asPngImage(photo),
      notes: [info.description, `Probabilities: ${info.source} (no model runs in the page for this sample).`],
    };
  });
}

async function handleFiles(list: FileList | readonly File[]): Promise<void> {
  const files = Array.from(list);
  if (files.length === 0) return;
  webcam.stop();
  for (const b of ui.samples.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
  await loadScene(files.map((f) => f.name).join(', '), async () => {
    const dropped = await readDroppedFiles(files);
    if (dropped.photo) return photoScene('photo', dropped.photo.name, dropped.photo.image, dropped.notes);
    const p = dropped.probabilities!;
    const sc: Scene = {
      id: 'file',
      title: p.name,
      probs: p.probs,
      classes: p.classes,
      height: p.height,
      width: p.width,
      classNames:
        p.classes === 1 ? ['foreground'] : Array.from({ length: p.classes }, (_, c) => `class ${c}`),
      photo: dropped.background ?? grayPicture(p.width, p.height),
      notes: [
        `Probabilities from ${p.name}`,
        ...(dropped.labels ? [`Labels from ${dropped.labels.name}`] : []),
        ...(dropped.backgroundName ? [`Drawn on ${dropped.backgroundName}`] : []),
        ...p.notes,
        ...dropped.notes,
      ],
    };
    if (dropped.labels) sc.labels = dropped.labels.data;
    return sc;
  });
}

const webcam = new Webcam(
  (frame) => photoScene('webcam', 'webcam', frame),
  (sc) => {
    for (const b of ui.samples.querySelectorAll('button')) b.setAttribute('aria-pressed', 'false');
    setScene(sc);
  },
  (running, error) => {
    ui.webcam.textContent = running ? 'Stop webcam' : 'Start webcam';
    ui.webcam.setAttribute('aria-pressed', String(running));
    if (error) showNote(`Webcam: ${error}`);
  },
);

function saveComparison(): void {
  if (!scene || lastPictures.length === 0) return;
  const strip = sideBySide(lastPictures, { gap: 4 });
  const blob = new Blob([encodePng(strip) as Uint8Array<ArrayBuffer>], { type: 'image/png' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `rankseg-${scene.id}.png`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function main(): Promise<void> {
  byId('colorbar').style.background = heatGradientCss();
  solverErrors = probeSolvers();
  fillSolvers();
  ui.metric.addEventListener('change', () => {
    fillSolvers();
    scheduleUpdate();
  });
  for (const el of [ui.solver, ui.heatClass]) el.addEventListener('change', scheduleUpdate);
  for (const el of [ui.smooth, ui.pruning, ui.temperature]) el.addEventListener('input', scheduleUpdate);
  onFiles(ui.files, ui.drop, (files) => void handleFiles(files));
  ui.webcam.addEventListener('click', () => {
    if (webcam.running) webcam.stop();
    else void webcam.start();
  });
  ui.save.addEventListener('click', saveComparison);

  const samples = (
    JSON.parse(new TextDecoder().decode(await fetchBytes('samples/samples.json'))) as {
      samples: SampleInfo[];
    }
  ).samples;
  for (const info of samples) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = info.name;
    button.title = info.description;
    button.dataset['sample'] = info.name;
    button.dataset['testid'] = `sample-${info.name}`;
    button.addEventListener('click', () => {
      webcam.stop();
      void loadSample(info);
    });
    ui.samples.append(button);
  }
  // #brain etc. picks a sample (on load and when the hash changes)
  const fromHash = () => samples.find((s) => s.name === decodeURIComponent(location.hash.slice(1)));
  window.addEventListener('hashchange', () => {
    const info = fromHash();
    if (info) {
      webcam.stop();
      void loadSample(info);
    }
  });
  const first = fromHash() ?? samples[0];
  if (first) await loadSample(first);
}

main().catch((error: unknown) => {
  console.error(error);
  ui.status.textContent = 'The page failed to start.';
  showNote(error instanceof Error ? error.message : String(error));
});
