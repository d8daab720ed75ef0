/** Which inputs become samples, and what is known about each (licences as their sources state them). */

/** A photo from scikit-image's data folder, segmented by one MediaPipe selfie model. */
export interface PhotoSample {
  name: string;
  /** File in `skimage/data/` of Debian's python3-skimage. */
  file: string;
  /** File in the npm package @mediapipe/selfie_segmentation. */
  model: 'selfie_segmentation.tflite' | 'selfie_segmentation_landscape.tflite';
  description: string;
  /** The licence statement in skimage/data/_fetchers.py for this photo. */
  license: string;
  credit: string;
}

export const PHOTO_SAMPLES: PhotoSample[] = [
  {
    name: 'astronaut',
    file: 'astronaut.png',
    model: 'selfie_segmentation.tflite',
    description:
      'Portrait of astronaut Eileen Collins; P(person) from MediaPipe selfie segmentation (general, ' +
      '256×256). Mostly confident; the uncertain pixels lie along the outline, at the left edge by the flag ' +
      'and around the helmet at lower right, which is largely scored as person too.',
    license: 'Public domain ("No known copyright restrictions, released into the public domain.")',
    credit: 'NASA (NASA Great Images database), via scikit-image',
  },
  {
    name: 'camera',
    file: 'camera.png',
    model: 'selfie_segmentation.tflite',
    description:
      'Gray photo of a man with a camera on a tripod; P(person) from MediaPipe selfie segmentation ' +
      '(general, 256×256). Camera, hands and tripod head form a wide uncertain region, and so does the ' +
      'coat where it meets the lower left border.',
    license: 'CC0-1.0 ("No copyright restrictions. CC0 by the photographer (Lav Varshney).")',
    credit: 'Lav Varshney, via scikit-image',
  },
  {
    name: 'chelsea',
    file: 'chelsea.png',
    model: 'selfie_segmentation_landscape.tflite',
    description:
      'Close-up of Chelsea the cat; P(person) from MediaPipe selfie segmentation (landscape, 256×144). ' +
      'No person: the model is unsure over much of the face, a hard case with many mid-range probabilities.',
    license: 'CC0-1.0 ("No copyright restrictions. CC0 by the photographer (Stefan van der Walt).")',
    credit: 'Stefan van der Walt, via scikit-image',
  },
];

/** The brain MRI slice and its ITK Bayesian classifier memberships. */
export const BRAIN_SAMPLE = {
  name: 'brain',
  memberships: 'BayesianClassifierInitializerMemberships.mhd',
  image: 'BrainProtonDensitySlice.png',
  dataDir: 'usr/share/doc/insighttoolkit5-examples/examples/Data',
  description:
    'Proton-density MRI slice of a brain (181×217) with 4 intensity classes: ITK Bayesian classifier ' +
    'memberships (Gaussian likelihoods around k-means intensity centroids) normalized per pixel. ' +
    'Class 0 is the dark background, 1 dark non-brain tissue and edges, 2 mid-bright tissue (mostly ' +
    'white matter), 3 the brightest tissue (grey matter and fluid); boundaries between 2 and 3 are soft.',
  classes: ['background', 'dark tissue', 'mid-bright tissue', 'bright tissue'],
  license: 'Apache-2.0',
  credit: 'Insight Toolkit (ITK) example data, via Debian insighttoolkit5-examples',
} as const;
