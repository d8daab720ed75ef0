/**
 * The volume view's Web Worker: runs the jobs of protocol.ts on a {@link VolumeSession}, one at a
 * time in arrival order, and posts progress, then the result (its buffers transferred, not copied)
 * or the error.
 */
import type { VolumeReply, VolumeRequest } from './protocol';
import { VolumeSession } from './session';

// The worker global, typed without the WebWorker lib (the demo's tsconfig has the DOM one).
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<VolumeRequest>) => void) | null;
  postMessage(message: VolumeReply, transfer?: Transferable[]): void;
};

const session = new VolumeSession();
let queue: Promise<void> = Promise.resolve();

async function run(request: VolumeRequest): Promise<void> {
  const { job } = request;
  const report = (progress: VolumeReply & { type: 'progress' }) => scope.postMessage(progress);
  try {
    if (request.type === 'open') {
      const info = session.open(request.files, (progress) => report({ type: 'progress', job, progress }));
      scope.postMessage({ type: 'done', job, info }, [
        info.background.buffer as ArrayBuffer,
        info.baselineVolume.buffer as ArrayBuffer,
      ]);
    } else {
      const outcome = await session.solve(request.settings, (progress) =>
        report({ type: 'progress', job, progress }),
      );
      scope.postMessage({ type: 'done', job, outcome }, [
        outcome.ranksegLabels.buffer as ArrayBuffer,
        outcome.differenceLabels.buffer as ArrayBuffer,
      ]);
    }
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    scope.postMessage({ type: 'failed', job, error: { name, message } });
  }
}

scope.onmessage = (event) => {
  queue = queue.then(() => run(event.data));
};
