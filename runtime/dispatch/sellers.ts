/**
 * POST /sellers: register (or re-register) a seller with its location and, optionally, the Mobile
 * Push target its notifications go to (default: the account named like the seller).
 * sellers row (settings.tables.sellers, primary key sellerId): name?, lat, lon, pushTarget, pushValue, createdAt, updatedAt.
 */
import { json, optionalString, requiredEnum, requiredId, requiredObject, requiredString } from '../shared/http';
import type { Attributes } from '../shared/ports';
import type { DispatchDeps } from './deps';
import type { Endpoint } from './endpoint';
import type { Notification } from '../shared/outbox';
import { requiredPosition } from './domain-fields';
import type { Position } from './geo/position';

const PUSH_TARGETS = ['ACCOUNT', 'DEVICE', 'ALIAS', 'TAG'] as const;

export interface Seller {
  sellerId: string;
  name?: string;
  location: Position;
  push: { target: Notification['target']; value: string };
}

export async function getSeller(deps: DispatchDeps, sellerId: string): Promise<Seller | undefined> {
  const row = await deps.store.getRow(deps.settings.tables.sellers, [['sellerId', sellerId]]);
  if (!row) return undefined;
  return {
    sellerId,
    ...(typeof row.name === 'string' ? { name: row.name } : {}),
    location: { lat: row.lat as number, lon: row.lon as number },
    push: { target: row.pushTarget as Notification['target'], value: row.pushValue as string },
  };
}

export const registerSeller: Endpoint = async ({ deps, body }) => {
  const input = body();
  const sellerId = requiredId(input, 'sellerId');
  const name = optionalString(input, 'name', 200);
  const location = requiredPosition(input, 'location');
  let push: Seller['push'] = { target: 'ACCOUNT', value: sellerId };
  if (input.push !== undefined) {
    const p = requiredObject(input, 'push');
    push = { target: requiredEnum(p, 'target', PUSH_TARGETS, 'push.target'), value: requiredString(p, 'value', 1000, 'push.value') };
  }
  const now = deps.clock.now();
  const existing = await deps.store.getRow(deps.settings.tables.sellers, [['sellerId', sellerId]]);
  const row: Attributes = {
    lat: location.lat,
    lon: location.lon,
    pushTarget: push.target,
    pushValue: push.value,
    createdAt: typeof existing?.createdAt === 'number' ? existing.createdAt : now,
    updatedAt: now,
    ...(name === undefined ? {} : { name }),
  };
  await deps.store.putRow(deps.settings.tables.sellers, [['sellerId', sellerId]], row);
  const seller: Seller = { sellerId, ...(name === undefined ? {} : { name }), location, push };
  return json(existing ? 200 : 201, { seller });
};
