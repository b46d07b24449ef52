/** The media scenarios the suite enumerates: uploads and the OSS events the trigger sends for them. */
import type { Part } from '../../../runtime/media/jobs';
import type { MediaSettings } from '../../../runtime/media/settings';
import { MAX, MIN } from '../../../runtime/shared/ports';
import { TINY_SETTINGS } from '../../runtime/media/media-fixtures';
import type { Clips } from './clips';
import type { MediaWorld } from './world';

export type Step = (w: MediaWorld, clips: Clips) => Promise<unknown>;

export interface MediaScenario {
  name: string;
  steps: Step[];
  /** The pipeline's settings when not MEDIA_SETTINGS. */
  settings?: MediaSettings;
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

/** MEDIA_SETTINGS cutting sources over 2 s into chunks of about 1 s on the 2 s segment grid: the 3 s clip in two. */
export const CHUNKED_SETTINGS: MediaSettings = { ...MEDIA_SETTINGS, chunking: { minSourceSeconds: 2, chunkSeconds: 1 } };

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
  {
    // The segment flow: two chunk parts, the audio part, thumbnails, the stitch at finalize.
    name: 'a long upload is cut into chunks, rendered in parallel and stitched',
    settings: CHUNKED_SETTINGS,
    steps: [async (w, c) => w.notify([await w.upload('uploads/long.mp4', c.long, true)]), drain, expectChunkedPlans],
  },
  {
    // The new version is published over the first; the first's segments are deleted a grace period later.
    name: 'a published long upload is uploaded again: the new version replaces it, and the old segments go',
    settings: CHUNKED_SETTINGS,
    steps: [
      async (w, c) => w.notify([await w.upload('uploads/long.mp4', c.long, true)]),
      drain,
      async (w, c) => w.notify([await w.upload('uploads/long.mp4', c.longSilent, false)]),
      drain,
      expectChunkedPlans,
    ],
  },
  {
    // Some chunk parts upload their segments before the others fail for good: the FAILED job's segments go too.
    name: 'a long upload fails after some of its parts uploaded segments',
    settings: CHUNKED_SETTINGS,
    steps: [
      async (w) => w.outageAfter('transcoder', 2),
      async (w, c) => w.notify([await w.upload('uploads/long.mp4', c.long, true)]),
      drain,
      async (w) => w.outage(),
    ],
  },
];

/** The chunked scenario must exercise chunks: a plan without them would pass every invariant without testing the flow. */
async function expectChunkedPlans(w: MediaWorld): Promise<void> {
  const { rows } = await w.pipeline.jobs.getRange(w.pipeline.deps.jobTable, [['jobId', MIN]], [['jobId', MAX]]);
  for (const { attributes } of rows) {
    const plan = attributes.plan ? (JSON.parse(String(attributes.plan)) as Part[]) : [];
    if (plan.length > 0 && !plan.some((p) => p.kind === 'renditions' && p.chunk)) throw new Error(`not chunked: ${plan.map((p) => p.name)}`);
  }
}
