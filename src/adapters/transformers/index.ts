/**
 * `rankseg/transformers`: RankSEG as the post-processing step of transformers.js segmentation
 * models, one call in place of theirs. Nothing here imports `@huggingface/transformers`: tensors
 * are read by duck typing (`data`, `dims`, `type`), results are plain tensor-like objects in its
 * field names, and the code runs in browsers and Node alike.
 *
 * - {@link postprocessSemantic} replaces `processor.post_process_semantic_segmentation(outputs, target_sizes)`.
 * - {@link postprocessSam} replaces `processor.post_process_masks(pred_masks, original_sizes, reshaped_input_sizes)`.
 *
 * @module
 */
export { postprocessSam } from './postprocessSam';
export { postprocessSemantic } from './postprocessSemantic';
export type {
  HeightWidth,
  SamMasks,
  SamOptions,
  SamOutputs,
  SamSizes,
  SemanticOptions,
  SemanticOutputs,
  SemanticSegmentation,
  TensorLike,
  TensorResult,
} from './types';
