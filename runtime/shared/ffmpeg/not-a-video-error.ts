/** The input has no picture to transcode (audio only, a still image, no streams): a retry cannot help. */
export class NotAVideoError extends Error {
  readonly code = 'NotAVideo';

  constructor(detail: string) {
    super(`not a video: ${detail}`);
    this.name = 'NotAVideoError';
  }
}
