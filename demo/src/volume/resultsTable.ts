/**
 * The volume view's numbers: a row per class (and the mean over classes) with both masks' voxel
 * counts, expected scores (exact and RMA's estimate), the solver's objective and, with labels, Dice
 * and IoU against them. Every number cell carries its exact value in `data-value` and a
 * `data-testid` `<figure>-<mask>-<class>` (class index, or `mean`) for the end-to-end test.
 */
import { meanOf } from '../rmaEstimate';
import type { MaskFigures, VolumeInfo, VolumeOutcome } from './protocol';

const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A number cell: 4 decimals, or an integer count. */
function cell(testId: string, value: number | undefined, count = false, better = false): string {
  const known = value !== undefined && Number.isFinite(value);
  const text = !known ? '—' : count ? String(value) : value.toFixed(4);
  const data = value === undefined ? '' : ` data-value="${value}"`;
  return `<td data-testid="${testId}"${data}${better ? ' class="rankseg-better"' : ''}>${text}</td>`;
}

/** Which entry of a per-class figure a row shows: class c, or the mean over classes. */
type Pick = (values: number[] | undefined) => number | undefined;

/**
 * The table's HTML for `info` and `outcome`; `names[c]` is class c's name, `swatches[c]` its colour
 * chip (HTML).
 */
export function resultsTableHtml(
  info: VolumeInfo,
  outcome: VolumeOutcome,
  names: string[],
  swatches: string[],
): string {
  const metric = outcome.settings.metric === 'iou' ? 'IoU' : 'Dice';
  const base: MaskFigures = outcome.baseline;
  const rank: MaskFigures = outcome.rankseg;
  const baseName = info.classes === 1 ? 'p > 0.5' : 'argmax';
  const hasLabels = base.dice !== undefined;
  const hasExact = base.exact !== undefined;
  // two header rows: the figure over both masks, then the masks
  const groups: [string, number][] = [
    ['voxels', 2],
    ['solver', 2],
    ...(hasExact ? [[`exact E[${metric}]`, 2] as [string, number]] : []),
    [`RMA estimate of E[${metric}]`, 2],
    ...(hasLabels
      ? [
          ['Dice against the labels', 2] as [string, number],
          ['IoU against the labels', 2] as [string, number],
        ]
      : []),
  ];
  const masks = `<th>${baseName}</th><th>RankSEG</th>`;
  const head =
    `<thead><tr><th rowspan="2">class</th>${groups.map(([title, span]) => `<th colspan="${span}" class="group">${title}</th>`).join('')}</tr>` +
    `<tr>${masks}<th>τ</th><th>objective</th>${masks.repeat(groups.length - 2)}</tr></thead>`;

  /** Both masks' cells of one score, RankSEG's marked when it is higher. */
  const scores = (key: string, id: string, pick: Pick, a: number[] | undefined, b: number[] | undefined) => {
    const [x, y] = [pick(a), pick(b)];
    const better = x !== undefined && y !== undefined && y > x + 1e-12;
    return cell(`${key}-baseline-${id}`, x) + cell(`${key}-rankseg-${id}`, y, false, better);
  };
  const row = (id: string, name: string, pick: Pick, voxels: Pick, tau: number | undefined) =>
    `<tr><th>${name}</th>` +
    cell(`voxels-baseline-${id}`, voxels(base.voxels), true) +
    cell(`voxels-rankseg-${id}`, voxels(rank.voxels), true) +
    cell(`tau-${id}`, tau, true) +
    cell(`objective-${id}`, pick(outcome.solverExpected)) +
    (hasExact ? scores('exact', id, pick, base.exact, rank.exact) : '') +
    scores('rma', id, pick, base.rma, rank.rma) +
    (hasLabels
      ? scores('dice', id, pick, base.dice, rank.dice) + scores('iou', id, pick, base.iou, rank.iou)
      : '') +
    `</tr>`;

  const rows = names.map((name, c) => {
    const pick: Pick = (values) => values?.[c];
    return row(String(c), `${swatches[c] ?? ''}${esc(name)}`, pick, pick, outcome.solverVolume[c]);
  });
  if (info.classes > 1) {
    const mean: Pick = (values) => (values ? meanOf(values) : undefined);
    rows.push(row('mean', 'mean over classes', mean, () => undefined, undefined));
  }
  return `${head}<tbody>${rows.join('')}</tbody>`;
}
