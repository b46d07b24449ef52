import * as ros from '@alicloud/ros-cdk-core';
import { MediaPipeline } from '../constructs';

/** The example media stack: an upload bucket that transcodes to HLS, watermarks, thumbnails and prefetches to CDN. */
export class MediaStack extends ros.Stack {
  readonly media: MediaPipeline;

  constructor(scope: ros.Construct, id: string, props: ros.StackProps = {}) {
    super(scope, id, { description: 'fc-solution-constructs example: MediaPipeline', ...props });
    this.media = new MediaPipeline(this, 'Media', {
      cdn: { domain: 'video.example.com' },
      watermark: { key: 'assets/watermark.png', position: 'top-right' },
    });
  }
}
