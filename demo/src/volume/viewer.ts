/**
 * NiiVue (`@niivue/niivue`, WebGL2) showing the probability volume with three label overlays: the
 * baseline (argmax or p > 0.5) mask, the RankSEG mask and their difference. The viewer's volume
 * list is always [probabilities, baseline, RankSEG, difference], so an overlay's index is fixed.
 */
import { Niivue, NVImage, SHOW_RENDER, SLICE_TYPE } from '@niivue/niivue';
import { displayPalette } from '../render';

/** The overlays, in the viewer's order after the background. */
export const OVERLAYS = ['baseline', 'rankseg', 'difference'] as const;
export type OverlayName = (typeof OVERLAYS)[number];

/** The views the page offers. */
export const VIEWS = {
  axial: SLICE_TYPE.AXIAL,
  coronal: SLICE_TYPE.CORONAL,
  sagittal: SLICE_TYPE.SAGITTAL,
  multiplanar: SLICE_TYPE.MULTIPLANAR,
  render: SLICE_TYPE.RENDER,
} as const;
export type ViewName = keyof typeof VIEWS;

/** Colours of the difference overlay: RankSEG adds, removes, relabels (codes 1, 2, 3). */
export const DIFFERENCE_COLORS = {
  added: [40, 220, 90],
  removed: [235, 40, 200],
  relabelled: [40, 200, 255],
} as const;

/** A NiiVue label table: colour per label value, label 0 transparent. */
function labelTable(colors: readonly (readonly number[])[], names: string[]) {
  return {
    R: colors.map((c) => c[0]!),
    G: colors.map((c) => c[1]!),
    B: colors.map((c) => c[2]!),
    A: colors.map((_, i) => (i === 0 ? 0 : 255)),
    I: colors.map((_, i) => i),
    labels: names,
  };
}

/** Class colours of the mask overlays: the 2-D view's palette (labels 1, 2, 3… red, green, yellow…). */
export function classColors(classes: number): number[][] {
  const palette = displayPalette();
  // a binary task's mask is 0/1: the foreground in the 2-D view's mask blue
  return classes === 1
    ? [
        [0, 0, 0],
        [30, 144, 255],
      ]
    : palette.slice(0, Math.max(2, classes));
}

/**
 * Reads a NIfTI held in memory into a NiiVue image. NiiVue keeps views into the buffer it gets:
 * with `own`, `bytes` (spanning its whole buffer) is handed over as it is, else it is copied.
 */
function image(
  bytes: Uint8Array,
  name: string,
  options: { colormap?: string; opacity: number; frame4D?: number; own?: boolean },
) {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return NVImage.loadFromUrl({
    url: name,
    buffer: options.own && whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer,
    name,
    colormap: options.colormap ?? 'gray',
    opacity: options.opacity,
    frame4D: options.frame4D ?? 0,
    cal_min: 0,
    cal_max: 1,
  });
}

export class VolumeViewer {
  readonly nv: Niivue;
  private readonly visible: Record<OverlayName, boolean> = {
    baseline: false,
    rankseg: true,
    difference: true,
  };
  private readonly opacity: Record<OverlayName, number> = { baseline: 0.5, rankseg: 0.5, difference: 1 };
  private classNames: string[] = [];
  private classes = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.nv = new Niivue({
      backColor: [0.07, 0.08, 0.1, 1],
      dragAndDropEnabled: false,
      show3Dcrosshair: true,
      isColorbar: false,
      logLevel: 'warn',
      loadingText: '',
      // three slices, large; the 3-D render is a view of its own
      multiplanarShowRender: SHOW_RENDER.NEVER,
      // voxels as they are: interpolating label values would blend neighbouring classes' colours
      isNearestInterpolation: true,
      crosshairColor: [1, 1, 1, 0.35],
      crosshairWidth: 0.25,
    });
  }

  /** Attaches NiiVue to the canvas (creates the WebGL2 context). */
  async attach(): Promise<void> {
    await this.nv.attachToCanvas(this.canvas);
  }

  /**
   * Shows a new volume: background frame `frame`, the baseline mask, and empty RankSEG and
   * difference overlays that {@link showRankseg} fills.
   */
  async show(
    background: Uint8Array,
    baseline: Uint8Array,
    classNames: string[],
    frame: number,
  ): Promise<void> {
    this.classNames = classNames;
    this.classes = classNames.length;
    // every change of the volume list redraws everything: overlays first, the background last
    for (const volume of [...this.nv.volumes].reverse()) this.nv.removeVolume(volume);
    // the background is the page's to give away (transferred from the worker, used once)
    const bg = await image(background, 'probabilities.nii', { opacity: 1, frame4D: frame, own: true });
    const base = await this.labelImage(baseline, 'baseline.nii', 'baseline');
    // the RankSEG and difference overlays share the baseline's geometry and type; empty until solved
    const rank = await this.labelImage(baseline, 'rankseg.nii', 'rankseg');
    const diff = await this.labelImage(baseline, 'difference.nii', 'difference');
    rank.img = new Uint8Array(rank.img!.length);
    diff.img = new Uint8Array(diff.img!.length);
    for (const volume of [bg, base, rank, diff]) this.nv.addVolume(volume);
  }

  /**
   * Shows RankSEG's labels and the difference (`(X, Y, Z)` uint8, the baseline's geometry): their
   * voxels replace the overlays' in place, so the viewer refreshes once.
   */
  showRankseg(rankseg: Uint8Array, difference: Uint8Array): void {
    const [rank, diff] = [this.nv.volumes[2], this.nv.volumes[3]];
    if (!rank || !diff) throw new Error('showRankseg before show');
    if (rankseg.length !== rank.img!.length || difference.length !== diff.img!.length) {
      throw new RangeError(`RankSEG's labels (${rankseg.length} voxels) do not fit the volume shown`);
    }
    rank.img = rankseg;
    diff.img = difference;
    this.nv.updateGLVolume();
  }

  /** Moves the crosshair to voxel `(x, y, z)`. */
  focus(voxel: readonly [number, number, number]): void {
    this.nv.scene.crosshairPos = this.nv.vox2frac([voxel[0], voxel[1], voxel[2]]);
    this.nv.drawScene();
  }

  /** Which probability channel the background shows. */
  setFrame(frame: number): void {
    const bg = this.nv.volumes[0];
    if (bg) this.nv.setFrame4D(bg.id, frame);
  }

  setVisible(name: OverlayName, visible: boolean): void {
    this.visible[name] = visible;
    this.applyOpacity(name);
  }

  setOpacity(name: OverlayName, opacity: number): void {
    this.opacity[name] = opacity;
    this.applyOpacity(name);
  }

  setView(view: ViewName): void {
    this.nv.setSliceType(VIEWS[view]);
  }

  private applyOpacity(name: OverlayName): void {
    const index = 1 + OVERLAYS.indexOf(name);
    if (index < this.nv.volumes.length) this.nv.setOpacity(index, this.effectiveOpacity(name));
  }

  private effectiveOpacity(name: OverlayName): number {
    return this.visible[name] ? this.opacity[name] : 0;
  }

  private async labelImage(bytes: Uint8Array, name: string, overlay: OverlayName): Promise<NVImage> {
    const img = await image(bytes, name, { opacity: this.effectiveOpacity(overlay) });
    if (overlay === 'difference') {
      const { added, removed, relabelled } = DIFFERENCE_COLORS;
      img.setColormapLabel(
        labelTable(
          [[0, 0, 0], added, removed, relabelled],
          ['', 'added by RankSEG', 'removed by RankSEG', 'relabelled'],
        ),
      );
    } else {
      const names = this.classes === 1 ? ['', 'foreground'] : this.classNames;
      img.setColormapLabel(labelTable(classColors(this.classes), names));
    }
    return img;
  }
}
