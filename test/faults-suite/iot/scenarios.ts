/** The IotIngest content scenarios the suite enumerates: sequences of content API calls. */
import { postIdFor } from '../../../runtime/iot/posts';
import type { IotWorld } from './world';

export type Step = (w: IotWorld) => unknown;

export interface IotScenario {
  name: string;
  steps: Step[];
}

const A = postIdFor('a');
const B = postIdFor('b');
const create =
  (key: string, text: string, tags: string[] = []): Step =>
  (w) =>
    w.api('POST', '/posts', { author: 'ann', text, tags, idempotencyKey: key });

export const IOT_SCENARIOS: IotScenario[] = [
  {
    name: 'two posts are written, one edited twice, the other deleted, then searched',
    steps: [
      create('a', 'first words', ['x']),
      create('b', 'other words'),
      (w) => w.api('PUT', `/posts/${A}`, { text: 'second words', expectedVersion: 1 }),
      (w) => w.api('PUT', `/posts/${A}`, { tags: ['y'], expectedVersion: 2 }),
      (w) => w.api('DELETE', `/posts/${B}`),
      (w) => w.local.settle(),
      (w) => w.api('GET', '/posts?q=words'),
    ],
  },
  {
    name: 'two editors race on one post at the same version while a second post is created twice with one key',
    steps: [
      create('a', 'draft text', ['x']),
      (w) =>
        Promise.all([
          w.api('PUT', `/posts/${A}`, { text: 'edit one', expectedVersion: 1 }),
          w.api('PUT', `/posts/${A}`, { text: 'edit two', expectedVersion: 1 }),
          create('b', 'twice sent')(w),
          create('b', 'twice sent')(w),
        ]),
      (w) => w.api('DELETE', `/posts/${A}`),
    ],
  },
];
