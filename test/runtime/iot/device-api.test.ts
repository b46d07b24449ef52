/** The device API through API Gateway events: a device's state and owners, binding and unbinding, bad input. */
import { MAX_OWNERS_PER_DEVICE } from '../../../runtime/iot/settings';
import { DEVICE_ID, deviceHarness } from './device-harness';

describe('device API', () => {
  it('binds owners idempotently, lists them with the device state, and unbinds', async () => {
    const h = deviceHarness();
    expect((await h.call('GET', `/devices/${DEVICE_ID}`)).status).toBe(404);
    expect(await h.call('PUT', `/devices/${DEVICE_ID}/owners/account:alice`)).toEqual({
      status: 201,
      body: { deviceId: DEVICE_ID, owner: 'account:alice', bound: true },
    });
    expect((await h.call('PUT', `/devices/${DEVICE_ID}/owners/account:alice`)).status).toBe(200);
    expect((await h.call('PUT', `/devices/${DEVICE_ID}/owners/alias:kitchen`)).status).toBe(201);
    await h.status('offline');
    const device = (await h.call('GET', `/devices/${DEVICE_ID}`)).body.device;
    expect(device).toMatchObject({ deviceId: DEVICE_ID, status: 'offline', notifiedStatus: null, owners: ['account:alice', 'alias:kitchen'] });
    const unbound = await h.call('DELETE', `/devices/${DEVICE_ID}/owners/account:alice`);
    expect(unbound.body).toEqual({ deviceId: DEVICE_ID, owner: 'account:alice', bound: false });
    expect((await h.call('DELETE', `/devices/${DEVICE_ID}/owners/account:alice`)).status).toBe(200);
    expect((await h.call('GET', `/devices/${DEVICE_ID}`)).body.device.owners).toEqual(['alias:kitchen']);
  });

  it.each([
    ['an unknown kind', 'phone:123'],
    ['no id', 'account:'],
    ['a comma (Mobile Push separates targets with them)', 'account:a,b'],
    ['a space', 'account:a%20b'],
  ])('refuses an owner with %s, naming the field, and writes nothing', async (_what, owner) => {
    const h = deviceHarness();
    const reply = await h.call('PUT', `/devices/${DEVICE_ID}/owners/${owner}`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'invalid_field', field: 'owner' });
    expect((await h.call('GET', `/devices/${DEVICE_ID}`)).status).toBe(404);
  });

  it('refuses a device name that is not one', async () => {
    const h = deviceHarness();
    const reply = await h.call('PUT', `/devices/pk!/lamp/owners/account:alice`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ field: 'productKey' });
  });

  it(`takes at most ${MAX_OWNERS_PER_DEVICE} owners a device, so one Push call per owner kind reaches them all`, async () => {
    const h = deviceHarness();
    for (let i = 0; i < MAX_OWNERS_PER_DEVICE; i++) {
      await h.store.putRow('device_owners', [['deviceId', DEVICE_ID], ['owner', `account:u${i}`]], { boundAt: 1 });
    }
    const reply = await h.call('PUT', `/devices/${DEVICE_ID}/owners/account:one-more`);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'too_many_owners', field: 'owner' });
    expect((await h.call('PUT', `/devices/${DEVICE_ID}/owners/account:u7`)).status).toBe(200);
  });
});
