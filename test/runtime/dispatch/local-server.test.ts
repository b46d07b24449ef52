import { runDispatchLocally } from '../../../bin/dispatch-local';
import { startDispatchServer } from '../../../bin/dispatch-server';
import { createLocalDispatch } from '../../../runtime/dispatch/local-dispatch';
import { APIGW_SAMPLE, SETTINGS } from './dispatch-harness';

describe('local dispatch server', () => {
  it('turns an HTTP request into the API Gateway event of the official sample', async () => {
    const dispatch = createLocalDispatch({ settings: SETTINGS });
    const events: Array<Record<string, any>> = [];
    const server = await startDispatchServer({
      dispatch: {
        ...dispatch,
        api: (event, ctx) => {
          events.push(JSON.parse(event.toString('utf8')));
          return dispatch.api(event, ctx);
        },
      },
      sweepIntervalMs: 0,
    });
    try {
      const body = { status: 'ONLINE', capacity: 2 };
      const res = await fetch(`${server.url}/couriers/c%2D7/status?source=app&v=2`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-App-Version': '3.1' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(await res.json()).toMatchObject({ courier: { courierId: 'c-7', status: 'ONLINE', capacity: 2 } });

      expect(events).toHaveLength(1);
      const [event] = events;
      const sample = JSON.parse(APIGW_SAMPLE.toString('utf8'));
      expect(Object.keys(event).sort()).toEqual(Object.keys(sample).sort());
      expect(event).toMatchObject({
        httpMethod: 'POST',
        path: '/couriers/c%2D7/status',
        isBase64Encoded: true,
        pathParameters: { id: 'c-7' },
        queryParameters: { source: 'app', v: '2' },
      });
      expect(JSON.parse(Buffer.from(event.body, 'base64').toString('utf8'))).toEqual(body);
      const headers = Object.fromEntries(Object.entries(event.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
      expect(headers['x-ca-api-gateway']).toMatch(/^[0-9A-F-]{36}$/);
      expect(headers['x-app-version']).toBe('3.1');
      expect(headers['content-type']).toBe('application/json');
      expect(headers['ca-host']).toBe(new URL(server.url).host);
      expect(headers.connection).toBeUndefined();

      // An empty body is still Base64 (of nothing); a route without parameters has none.
      await fetch(`${server.url}/orders/nope`);
      expect(events[1]).toMatchObject({ httpMethod: 'GET', body: '', isBase64Encoded: true, pathParameters: { id: 'nope' }, queryParameters: {} });
      const unknown = await fetch(`${server.url}/nowhere`);
      expect(unknown.status).toBe(404);
      expect(events[2].pathParameters).toEqual({});
    } finally {
      await server.close();
    }
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('runs the offer sweeper on its interval', async () => {
    const dispatch = createLocalDispatch({ settings: SETTINGS });
    let sweeps = 0;
    const server = await startDispatchServer({
      dispatch: { ...dispatch, sweeper: async (event, ctx) => (sweeps++, dispatch.sweeper(event, ctx)) },
      sweepIntervalMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await server.close();
    expect(sweeps).toBeGreaterThan(0);
    const after = sweeps;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sweeps).toBe(after);
  });

  it('serves a short simulated city with no double assignment', async () => {
    const report = await runDispatchLocally({ settings: SETTINGS, sellers: 3, couriers: 12, orders: 20, seconds: 2, settleSeconds: 2, seed: 7 });
    expect(report.ordersPlaced).toBe(20);
    expect(report.doubleAssignments).toBe(0);
    expect(report.audit).toEqual({ multipleWinners: 0, winnerMismatch: 0, overCapacity: 0 });
    expect(report.delivered).toBeGreaterThanOrEqual(1);
    expect(report.serverErrors).toBe(0);
    expect(report.idempotentReplays.sameOrder).toBe(report.idempotentReplays.sent);
    expect(report.notificationsSent).toBeGreaterThan(0);
  });
});
