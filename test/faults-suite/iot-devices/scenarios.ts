/** The device scenarios the suite enumerates: status messages as MNS delivers them, with the statuses owners must be told. */
import { bindOwners, T0, type DeviceWorld } from './world';

export type Step = (w: DeviceWorld) => unknown;

export interface DeviceScenario {
  name: string;
  steps: Step[];
  /** The statuses owners are told, in order: the real transitions. */
  told: Array<'online' | 'offline'>;
  owners: string[];
  /** Per owner kind, when it differs from `told` (an owner bound or unbound on the way). */
  toldByKind?: Record<string, Array<'online' | 'offline'>>;
}

const OWNERS = ['account:alice', 'account:bob', 'alias:kitchen'];

export const DEVICE_SCENARIOS: DeviceScenario[] = [
  {
    name: 'a device comes online, a stale offline and a repeat arrive, then it goes offline for good',
    owners: OWNERS,
    steps: [
      (w) => bindOwners(w, OWNERS),
      (w) => w.status('online', T0 + 10_000),
      (w) => w.status('offline', T0 + 5_000),
      (w) => w.status('online', T0 + 10_000),
      (w) => w.advance(40_000),
      (w) => w.status('offline', T0 + 120_000),
    ],
    told: ['online', 'offline'],
  },
  {
    name: 'a device flaps offline and back within the window, then goes offline and stays',
    owners: ['account:alice'],
    steps: [
      (w) => bindOwners(w, ['account:alice']),
      (w) => w.status('online', T0),
      (w) => w.advance(90_000),
      (w) => w.status('offline', T0 + 100_000),
      (w) => w.advance(5_000),
      (w) => w.status('online', T0 + 106_000),
      (w) => w.advance(120_000),
      (w) => w.status('offline', T0 + 300_000),
    ],
    told: ['online', 'offline'],
  },
  {
    name: 'the tables and Mobile Push are unreachable for the transition check while a device goes offline: its failure handler decides',
    owners: OWNERS,
    steps: [
      (w) => bindOwners(w, OWNERS),
      (w) => w.status('offline', T0),
      (w) => w.outage('check'),
      (w) => w.advance(40_000),
      (w) => w.outage(),
    ],
    told: ['offline'],
  },
  {
    name: 'two statuses of one device are delivered at once, the older one second, while a repeat races them',
    owners: ['account:alice', 'device:phone-1'],
    steps: [
      (w) => bindOwners(w, ['account:alice', 'device:phone-1']),
      (w) => w.status('online', T0),
      (w) => w.advance(60_000),
      (w) => Promise.all([w.status('offline', T0 + 70_000), w.status('online', T0 + 69_000), w.status('offline', T0 + 70_000)]),
    ],
    told: ['online', 'offline'],
  },
  {
    name: 'owners bound and unbound through the device API while the device goes online and then offline',
    owners: ['account:alice', 'alias:kitchen'],
    steps: [
      (w) => w.api('PUT', 'account:alice'),
      (w) => w.api('PUT', 'alias:kitchen'),
      (w) => w.status('online', T0),
      (w) => w.advance(60_000),
      (w) => w.api('DELETE', 'alias:kitchen'),
      (w) => w.status('offline', T0 + 100_000),
    ],
    told: ['online', 'offline'],
    toldByKind: { ALIAS: ['online'] },
  },
];
