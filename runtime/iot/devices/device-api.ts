/**
 * The device API: a device's state and owners, and binding owners to it. Binding is one idempotent
 * row write in device_owners (PUT again answers the same); a device takes at most
 * MAX_OWNERS_PER_DEVICE owners (a transition then needs one Push call per owner kind).
 */
import { createApiFunction, HttpError, json, routerFor, type Endpoint as HttpEndpoint } from '../../shared/http';
import { MalformedEventError } from '../../shared/events/malformed-event-error';
import { ifCondition } from '../../shared/table-store';
import { DEVICE_ROUTES, MAX_OWNERS_PER_DEVICE, type DeviceRouteName } from '../settings';
import type { DeviceDeps } from './deps';
import { deviceRef, type DeviceRef } from './device-events';
import { DEVICE_COLUMNS as C, deviceKey, numberColumn, PROPERTY_PREFIX, propertyTimeColumn, stringColumn } from './device-row';
import { ownerKey, ownerText, parseOwner, readOwners } from './owners';

type Endpoint = HttpEndpoint<DeviceDeps>;

function pathDevice(params: Record<string, string>): DeviceRef {
  try {
    return deviceRef(params.productKey, params.deviceName);
  } catch (err) {
    if (err instanceof MalformedEventError) throw new HttpError(400, 'invalid_field', `${err.path} ${err.reason}`, err.path);
    throw err;
  }
}

const getDevice: Endpoint = async ({ deps, params }) => {
  const { deviceId, productKey, deviceName } = pathDevice(params);
  const [row, owners] = await Promise.all([
    deps.store.getRow(deps.settings.tables.devices, deviceKey(deviceId)),
    readOwners(deps.store, deps.settings.tables.deviceOwners, deviceId),
  ]);
  if (!row && owners.length === 0) throw new HttpError(404, 'not_found', `device ${deviceId} has sent nothing and has no owners`, 'deviceName');
  const properties: Record<string, { value: unknown; time: number }> = {};
  for (const [column, value] of Object.entries(row ?? {})) {
    if (!column.startsWith(PROPERTY_PREFIX) || typeof value !== 'string') continue;
    const id = column.slice(PROPERTY_PREFIX.length);
    properties[id] = { value: JSON.parse(value) as unknown, time: numberColumn(row, propertyTimeColumn(id)) ?? 0 };
  }
  const statusAt = numberColumn(row, C.statusAt);
  return json(200, {
    device: {
      deviceId,
      productKey,
      deviceName,
      status: stringColumn(row, C.status) ?? null,
      statusAt: statusAt === undefined ? null : new Date(statusAt).toISOString(),
      notifiedStatus: stringColumn(row, C.notifiedStatus) ?? null,
      properties,
      owners: owners.map(ownerText),
    },
  });
};

const bindOwner: Endpoint = async ({ deps, params }) => {
  const { deviceId } = pathDevice(params);
  const owner = ownerText(parseOwner(params.owner ?? ''));
  const table = deps.settings.tables.deviceOwners;
  const current = await readOwners(deps.store, table, deviceId, MAX_OWNERS_PER_DEVICE);
  if (current.some((o) => ownerText(o) === owner)) return json(200, { deviceId, owner, bound: true });
  if (current.length >= MAX_OWNERS_PER_DEVICE) {
    throw new HttpError(409, 'too_many_owners', `device ${deviceId} has ${MAX_OWNERS_PER_DEVICE} owners, the most it takes`, 'owner');
  }
  const key = ownerKey(deviceId, owner);
  const created = await ifCondition(() => deps.store.putRow(table, key, { boundAt: deps.clock.now() }, { row: 'EXPECT_NOT_EXIST' }));
  return json(created ? 201 : 200, { deviceId, owner, bound: true });
};

const unbindOwner: Endpoint = async ({ deps, params }) => {
  const { deviceId } = pathDevice(params);
  const owner = ownerText(parseOwner(params.owner ?? ''));
  await deps.store.deleteRow(deps.settings.tables.deviceOwners, ownerKey(deviceId, owner));
  return json(200, { deviceId, owner, bound: false });
};

export const DEVICE_API = routerFor<DeviceRouteName, Endpoint>(DEVICE_ROUTES, {
  GetDevice: getDevice,
  BindOwner: bindOwner,
  UnbindOwner: unbindOwner,
});

export function createDeviceApi(deps: DeviceDeps) {
  return createApiFunction({ router: DEVICE_API, deps, logWriter: deps.log, maxBodyBytes: deps.settings.maxBodyBytes });
}
