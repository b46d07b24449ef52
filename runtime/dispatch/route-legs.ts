/**
 * The routes table (settings.tables.routes, primary key orderId, leg): leg 1 courier → seller, leg 2 seller → customer,
 * written when an order is assigned. Distances are great-circle metres (no road network).
 * Row columns: courierId, fromLat, fromLon, toLat, toLon, distanceMeters (INTEGER), createdAt.
 */
import { MAX, MIN } from '../shared/ports';
import type { DispatchDeps } from './deps';
import { haversineMeters } from './geo/haversine';
import type { Order } from './order-record';
import type { Position } from './geo/position';

export interface RouteLeg {
  leg: number;
  from: Position;
  to: Position;
  distanceMeters: number;
}

export function routeLegs(order: Order, courier: Position | undefined): RouteLeg[] {
  const leg = (n: number, from: Position, to: Position): RouteLeg => ({ leg: n, from, to, distanceMeters: Math.round(haversineMeters(from, to)) });
  return [...(courier ? [leg(1, courier, order.seller)] : []), leg(2, order.seller, order.dropoff)];
}

/** Idempotent (plain puts): a replayed accept writes the same legs again. */
export async function writeRoute(deps: DispatchDeps, order: Order, courierId: string, courier: Position | undefined, now: number): Promise<void> {
  const results = await deps.store.batchWrite(
    deps.settings.tables.routes,
    routeLegs(order, courier).map((leg) => ({
      type: 'PUT' as const,
      key: [
        ['orderId', order.orderId],
        ['leg', leg.leg],
      ],
      attributes: {
        courierId,
        fromLat: leg.from.lat,
        fromLon: leg.from.lon,
        toLat: leg.to.lat,
        toLon: leg.to.lon,
        distanceMeters: leg.distanceMeters,
        createdAt: now,
      },
    })),
  );
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) throw new Error(`writing the route of ${order.orderId} failed: ${failed.code} ${failed.message}`);
}

export async function readRoute(deps: DispatchDeps, orderId: string): Promise<RouteLeg[]> {
  const page = await deps.store.getRange(
    deps.settings.tables.routes,
    [
      ['orderId', orderId],
      ['leg', MIN],
    ],
    [
      ['orderId', orderId],
      ['leg', MAX],
    ],
  );
  return page.rows.map(({ key, attributes: a }) => ({
    leg: key[1][1] as number,
    from: { lat: a.fromLat as number, lon: a.fromLon as number },
    to: { lat: a.toLat as number, lon: a.toLon as number },
    distanceMeters: a.distanceMeters as number,
  }));
}
