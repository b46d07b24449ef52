/** The media scenarios the suite enumerates: uploads and the OSS events the trigger sends for them. */
import type { MediaSettings } from '../../../runtime/media/settings';
import { TINY_SETTINGS } from '../../runtime/media/media-fixtures';
import type { Clips } from './clips';
import type { MediaWorld } from './world';

export type Step = (w: MediaWorld, clips: Clips) => Promise<unknown>;

export interface MediaScenario {
  name: string;
  steps: Step[];
}

/**
 * The tiniest pipeline that still has every stage: two rungs made from one decode (the `cost` layout: one part for
 * both), one thumbnail, HLS, CDN prefetch of the startup set, completion notices.
 */
export const MEDIA_SETTINGS: MediaSettings = {
  ...TINY_SETTINGS,
  ladder: [
    { name: '90p', height: 90, videoBitrate: 100, audioBitrate: 32 },
    { name: '60p', height: 60, videoBitrate: 60, audioBitrate: 32 },
  ],
  layout: 'cost',
  thumbnails: { count: 1, width: 64 },
  cdn: { domain: 'cdn.example.com', prefetch: 'startup', dailyQuota: 1000, area: 'domestic' },
  notifyCompletion: true,
};

const drain: Step = (w) => w.pipeline.invoker.drain();

export const MEDIA_SCENARIOS: MediaScenario[] = [
  {
    name: 'an upload is planned, transcoded, finalized and prefetched',
    steps: [async (w, c) => w.notify([await w.upload('uploads/clip.mp4', c.withAudio, true)]), drain],
  },
  {
    name: 'one OSS event carries two records, one of them not a video',
    steps: [
      async (w, c) => w.notify([await w.upload('uploads/good.mp4', c.withAudio, true), await w.upload('uploads/bad.mp4', c.corrupt, false)]),
      drain,
    ],
  },
  {
    name: 'the object is uploaded again, with a new ETag, as the first version’s transcoder starts',
    steps: [
      async (w, c) => {
        w.before('transcoder', async () => w.notify([await w.upload('uploads/clip.mp4', c.silent, false)]));
        await w.notify([await w.upload('uploads/clip.mp4', c.withAudio, true)]);
      },
      drain,
    ],
  },
  {
    // The failure handler's scenario: every try FC makes of the transcoder fails.
    name: 'the transcoder cannot reach its services for every try: FC hands it to the failure handler',
    steps: [
      async (w) => w.outage('transcoder'),
      async (w, c) => w.notify([await w.upload('uploads/clip.mp4', c.withAudio, true)]),
      drain,
      async (w) => w.outage(),
    ],
  },
  {
    // FC gives up on the notifier: the failure handler leaves its notice PENDING, and the reaper queues it again.
    name: 'the completion notifier cannot reach its services for every try',
    steps: [
      async (w) => w.outage('notifier'),
      async (w, c) => w.notify([await w.upload('uploads/clip.mp4', c.withAudio, true)]),
      drain,
      async (w) => w.outage(),
    ],
  },
];
