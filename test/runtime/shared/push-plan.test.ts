import { planPushCalls, type PushNotice } from '../../../runtime/shared/push-plan';

const notice = (recipient: string, body = 'Device d1 went offline', target: PushNotice['target'] = 'ACCOUNT'): PushNotice => ({
  target,
  recipient,
  title: 'Device status',
  body,
});
const owners = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const targetsOf = (value: string) => value.split(',').length;

describe('choosing the Mobile Push API by audience', () => {
  it('sends one notice to one recipient with Push', () => {
    expect(planPushCalls([notice('u1')])).toEqual({
      calls: [{ api: 'Push', request: { target: 'ACCOUNT', targetValue: 'u1', title: 'Device status', body: 'Device d1 went offline' } }],
      refused: [],
    });
  });

  it('sends one content to 2,500 owners as three tasks of at most 1,000 targets in one MassPush call', () => {
    const plan = planPushCalls(owners(2500).map((u) => notice(u)));
    expect(plan.calls).toHaveLength(1);
    const [call] = plan.calls;
    expect(call.api).toBe('MassPush');
    expect(call.api === 'MassPush' && call.tasks.map((t) => targetsOf(t.targetValue))).toEqual([1000, 1000, 500]);
  });

  it('packs per-device content (1,000 devices x 10 owners) into MassPush calls of 100 tasks: 10 calls for 10,000 notifications', () => {
    const notices = Array.from({ length: 1000 }, (_, d) => owners(10, `d${d}-u`).map((u) => notice(u, `Device d${d} went offline`))).flat();
    const plan = planPushCalls(notices);
    expect(plan.calls).toHaveLength(10);
    expect(plan.calls.every((c) => c.api === 'MassPush' && c.tasks.length === 100)).toBe(true);
  });

  it('keeps a MassPush call to 10,000 targets across its tasks; a lone task left over is a Push', () => {
    const notices = Array.from({ length: 11 }, (_, g) => owners(1000, `g${g}-`).map((u) => notice(u, `news ${g}`))).flat();
    const plan = planPushCalls(notices);
    expect(plan.calls.map((c) => (c.api === 'MassPush' ? ['MassPush', c.tasks.length] : ['Push', targetsOf(c.request.targetValue)]))).toEqual([
      ['MassPush', 10],
      ['Push', 1000],
    ]);
  });

  it('sends each recipient once per content, and never merges target types', () => {
    const plan = planPushCalls([notice('u1'), notice('u1'), notice('u1', undefined, 'DEVICE')]);
    expect(plan.calls).toEqual([
      {
        api: 'MassPush',
        tasks: [
          { target: 'ACCOUNT', targetValue: 'u1', title: 'Device status', body: 'Device d1 went offline' },
          { target: 'DEVICE', targetValue: 'u1', title: 'Device status', body: 'Device d1 went offline' },
        ],
      },
    ]);
  });

  it('refuses a payload over 1,800 bytes (a Chinese character is 3) and a recipient with a comma, saying why', () => {
    const plan = planPushCalls([notice('u1', '设'.repeat(596)), notice('u2', '设'.repeat(595)), notice('a,b')]);
    expect(plan.refused.map((r) => r.reason)).toEqual([
      expect.stringContaining('1801 bytes'),
      expect.stringContaining('without commas'),
    ]);
    expect(plan.calls).toHaveLength(1);
  });
});
