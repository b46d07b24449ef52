/**
 * Mobile Push API selection: the calls planPushCalls makes for 10,000 notifications of device
 * transitions (1,000 devices, 10 owners each, each device's own content), against one Push call per
 * device and one per notification, and the time planning takes.
 */
import { planPushCalls, type PushNotice } from '../runtime/shared/push-plan';
import { Figure, formatMs, timeMs } from './stats';

const DEVICES = 1000;
const OWNERS = 10;

export function benchPushPlan(): Figure[] {
  const notices: PushNotice[] = [];
  for (let d = 0; d < DEVICES; d++) {
    for (let o = 0; o < OWNERS; o++) {
      notices.push({ target: 'ACCOUNT', recipient: `d${d}-owner${o}`, title: 'Device status', body: `Device d${d} went offline` });
    }
  }
  const { result, ms } = timeMs(() => planPushCalls(notices));
  const mass = result.calls.filter((c) => c.api === 'MassPush').length;
  return [
    {
      measure: `push API selection: calls for ${notices.length.toLocaleString('en')} notifications`,
      value: `${result.calls.length} / ${DEVICES.toLocaleString('en')} / ${notices.length.toLocaleString('en')}`,
      target: '-',
      note: `planned (${mass} MassPush of up to 100 tasks) / one Push per device / one per notification; planned in ${formatMs(ms)}`,
    },
  ];
}
