/** The live scenarios the suite enumerates: room API calls, Live's callbacks, time passing, a mixer dying. */
import type { LiveWorld } from './world';

export type Step = (w: LiveWorld) => unknown;

export interface LiveScenario {
  name: string;
  steps: Step[];
}

const createRoom: Step = async (w) => {
  const reply = await w.api('POST', '/rooms', { idempotencyKey: 'room-1' });
  if (reply.status < 300) w.roomId = reply.body.room.roomId as string;
  else w.roomId = (await w.api('POST', '/rooms', { idempotencyKey: 'room-1' })).body.room?.roomId;
};
const join =
  (micId: string): Step =>
  (w) =>
    w.roomId && w.api('POST', `/rooms/${w.roomId}/mics`, { micId });

export const LIVE_SCENARIOS: LiveScenario[] = [
  {
    name: 'two mics go live, the mixer dies and is restarted, a mic leaves, the room ends',
    steps: [
      createRoom,
      join('host'),
      join('guest'),
      (w) => w.publish('host', 'publish'),
      (w) => w.publish('guest', 'publish'),
      (w) => w.advance(20_000),
      (w) => w.killMixer(),
      (w) => w.advance(60_000),
      (w) => w.publish('guest', 'publish_done'),
      (w) => w.roomId && w.api('DELETE', `/rooms/${w.roomId}/mics/guest`),
      (w) => w.advance(10_000),
      (w) => w.roomId && w.api('POST', `/rooms/${w.roomId}/end`),
      (w) => w.advance(60_000),
    ],
  },
  {
    name: 'a mic publishes, drops and publishes again while the layout changes; the room idles out',
    steps: [
      createRoom,
      join('host'),
      (w) => w.publish('host', 'publish'),
      (w) => w.advance(10_000),
      (w) => w.roomId && w.api('PUT', `/rooms/${w.roomId}/layout`, { layout: { preset: 'speaker' }, expectedVersion: 1 }),
      (w) => w.publish('host', 'publish_done'),
      (w) => w.advance(3_000),
      (w) => w.publish('host', 'publish'),
      (w) => w.advance(10_000),
      (w) => w.publish('host', 'publish_done'),
      (w) => w.advance(200_000),
    ],
  },
];
