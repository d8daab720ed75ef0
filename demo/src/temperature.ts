/**
 * The temperature control: the scene's probabilities softened (T > 1) or sharpened (T < 1) by
 * rankseg's `applyTemperature` before anything is solved, drawn or scored.
 */
import { applyTemperature } from 'rankseg';
import type { Scene } from './scene';

/** The slider holds log₂ T: −2 … 2 is T = 0.25 … 4, 0 the model as it is. */
export function temperatureOf(sliderValue: string): number {
  return 2 ** Number(sliderValue);
}

let cached: { scene: Scene; temperature: number; tempered: Scene } | undefined;

/**
 * The scene with its probabilities tempered: softmax(log p / T) over the classes, or σ(logit p / T)
 * for one class. T = 1 gives the scene itself. The last result is kept, so moving another control
 * does not recompute it.
 */
export function temperedScene(scene: Scene, temperature: number): Scene {
  if (temperature === 1) return scene;
  if (cached && cached.scene === scene && cached.temperature === temperature) return cached.tempered;
  const { probs, classes, height, width } = scene;
  const tempered = applyTemperature({ data: probs, shape: [1, classes, height, width] }, temperature);
  const result: Scene = {
    ...scene,
    probs: tempered.data as Float32Array,
    notes: [
      ...scene.notes,
      `Probabilities tempered with T = ${temperature.toFixed(2)} (rankseg's applyTemperature: ` +
        (classes === 1 ? 'σ(logit p / T)' : 'softmax(log p / T) over the classes') +
        '); every mask, picture and number on the page uses them.',
    ],
  };
  cached = { scene, temperature, tempered: result };
  return result;
}
