/** The webcam as a stream of scenes: grab a frame, run the model, show it, repeat. */
import type { Image8 } from '../../scripts/sample-data/image';
import type { Scene } from './scene';

/** Grabs frames from `getUserMedia` one at a time (the next only after the last was shown). */
export class Webcam {
  private stream: MediaStream | undefined;
  private readonly video = document.createElement('video');
  private readonly canvas = document.createElement('canvas');

  constructor(
    private readonly toScene: (frame: Image8) => Promise<Scene>,
    private readonly show: (scene: Scene) => void,
    private readonly onState: (running: boolean, error?: string) => void,
  ) {
    this.video.muted = true;
    this.video.playsInline = true;
  }

  get running(): boolean {
    return this.stream !== undefined;
  }

  /** Asks for the camera (the browser may refuse: no device, no permission, not a secure origin). */
  async start(): Promise<void> {
    if (this.stream) return;
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('this page has no camera access here');
      this.stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
        audio: false,
      });
      this.video.srcObject = this.stream;
      await this.video.play();
      this.onState(true);
      void this.loop();
    } catch (error) {
      this.stop();
      this.onState(false, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
  }

  stop(): void {
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.stream = undefined;
    this.video.srcObject = null;
    this.onState(false);
  }

  /** The current frame as 8-bit RGB. */
  private grab(): Image8 | undefined {
    const { videoWidth: width, videoHeight: height } = this.video;
    if (!width || !height) return undefined;
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return undefined;
    ctx.drawImage(this.video, 0, 0);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      data[3 * i] = rgba[4 * i]!;
      data[3 * i + 1] = rgba[4 * i + 1]!;
      data[3 * i + 2] = rgba[4 * i + 2]!;
    }
    return { width, height, channels: 3, data };
  }

  private async loop(): Promise<void> {
    while (this.stream) {
      const frame = this.grab();
      if (frame) {
        try {
          const scene = await this.toScene(frame);
          if (this.stream) this.show(scene);
        } catch (error) {
          this.stop();
          this.onState(false, error instanceof Error ? error.message : String(error));
          return;
        }
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }
}
