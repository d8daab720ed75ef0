/**
 * The number of 8-connected regions of 1s in a `height × width` 0/1 mask — for text detection, a
 * proxy for the text regions PaddleOCR's DB post-processing would turn into boxes. O(pixels).
 */
export function countComponents(mask: ArrayLike<number>, width: number, height: number): number {
  const seen = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let count = 0;
  for (let start = 0; start < width * height; start++) {
    if (mask[start] !== 1 || seen[start]) continue;
    count++;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (mask[j] === 1 && !seen[j]) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
  }
  return count;
}
