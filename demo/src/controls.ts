/**
 * What both demo pages (the 2-D page, main.ts, and the volume view, volume/page.ts) read from
 * their controls: elements by id, the solver settings, the solver list of a metric (from the
 * library's catalog) and the note line.
 */
import { defaultSolver, solversFor } from '../../src/solvers/catalog';

/** The settings of one RankSEG solve, as the controls give them. */
export interface SolverSettings {
  metric: 'dice' | 'iou';
  solver: string;
  smooth: number;
  pruningProb: number;
}

/** The controls {@link readSolverSettings} reads. */
export interface SolverControls {
  metric: HTMLSelectElement;
  solver: HTMLSelectElement;
  smooth: HTMLInputElement;
  pruning: HTMLInputElement;
}

/**
 * The element `#id` of the page.
 * @throws Error naming the id when the page has no such element.
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from ${location.pathname.split('/').pop() || 'the page'}`);
  return el as T;
}

/** The solver settings the controls show. */
export function readSolverSettings(ui: SolverControls): SolverSettings {
  return {
    metric: ui.metric.value === 'iou' ? 'iou' : 'dice',
    solver: ui.solver.value,
    smooth: Number(ui.smooth.value),
    pruningProb: Number(ui.pruning.value),
  };
}

/**
 * Fills `select` with the solvers of `metric`, keeping the chosen one when the metric has it (else
 * the default solver); `refusal(name)` gives a reason to mark a solver as not usable here.
 */
export function fillSolverList(
  select: HTMLSelectElement,
  metric: SolverSettings['metric'],
  refusal: (name: string) => string | undefined = () => undefined,
): void {
  const names = solversFor(metric);
  const previous = select.value;
  select.replaceChildren(
    ...names.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      const reason = refusal(name);
      option.textContent = reason ? `${name} (not in this build)` : name;
      if (reason) option.title = reason;
      return option;
    }),
  );
  select.value = (names as readonly string[]).includes(previous)
    ? previous
    : defaultSolver(metric, 'multiclass');
}

/** Shows `text` in the note line, or hides the line. */
export function showNote(note: HTMLElement, text: string | undefined): void {
  note.hidden = !text;
  note.textContent = text ?? '';
}

/**
 * Calls `open` with the files chosen in `input` or dropped anywhere on the page; `drop` (the drop
 * zone) carries the class `over` while files are dragged over the page.
 */
export function onFiles(input: HTMLInputElement, drop: HTMLElement, open: (files: FileList) => void): void {
  input.addEventListener('change', () => {
    if (input.files) open(input.files);
    input.value = '';
  });
  window.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  window.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) drop.classList.remove('over');
  });
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files.length) open(event.dataTransfer.files);
  });
}
