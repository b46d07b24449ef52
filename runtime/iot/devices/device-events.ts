/**
 * What the IoT Platform rule engine forwards to the devices topic, as the device-status function
 * receives it (one MNS message a call):
 * - device status, rule TopicType 2 (`/as/mqtt/status/${productKey}/${deviceName}`):
 *   `{status: online|offline, iotId, productKey, deviceName, time, utcTime, lastTime, utcLastTime, clientIp}`,
 *   all strings; lastTime/utcLastTime/clientIp may be missing. Messages can arrive out of order: the
 *   platform says to keep the latest by lastTime (https://developer.aliyun.com/article/717194).
 * - property post, TopicType 0 (`+/thing/event/property/post`), the rule engine's format:
 *   `{iotId, requestId, productKey, deviceName, gmtCreate, items: {<id>: {value, time}}}`, times in epoch ms
 *   (IoT Platform "Data formats", https://help.aliyun.com/document_detail/73736.html).
 * How the MNS action encodes the body is not documented exactly, so three forms are accepted: the
 * JSON itself, base64 of it, and the server-side subscription envelope `{payload: base64, messagetype}`.
 * Samples: test/fixtures/events/iot-*.json.
 */
import { isRecord, MalformedEventError } from '../../shared/events/malformed-event-error';

export type DeviceStatus = 'online' | 'offline';

export interface DeviceRef {
  productKey: string;
  deviceName: string;
  /** `<productKey>/<deviceName>`: unique per IoT instance (device names are unique within a product). */
  deviceId: string;
}

export interface StatusEvent extends DeviceRef {
  kind: 'status';
  status: DeviceStatus;
  /** Device-side epoch ms the platform orders by: utcLastTime, else utcTime. */
  at: number;
}

export interface PropertyItem {
  value: unknown;
  /** Epoch ms the device reported it. */
  time: number;
}

export interface PropertiesEvent extends DeviceRef {
  kind: 'properties';
  items: Record<string, PropertyItem>;
}

export type DeviceEvent = StatusEvent | PropertiesEvent;

/** Product keys are letters and digits; device names 4-32 of letters, digits, - _ @ . : (IoT Platform RegisterDevice). */
const PRODUCT_KEY = /^[A-Za-z0-9]{1,64}$/;
const DEVICE_NAME = /^[A-Za-z0-9_@.:-]{1,64}$/;
/** TSL identifiers: letters, digits, underscores, at most 50 (they also name Table Store columns). */
const PROPERTY_ID = /^[A-Za-z_][A-Za-z0-9_]{0,49}$/;
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** Property items one event may carry (Table Store takes at most 1,024 columns a write). */
export const MAX_PROPERTY_ITEMS = 200;

export function deviceRef(productKey: unknown, deviceName: unknown, path = ''): DeviceRef {
  if (typeof productKey !== 'string' || !PRODUCT_KEY.test(productKey)) {
    throw new MalformedEventError(`${path}productKey`, 'expected letters and digits');
  }
  if (typeof deviceName !== 'string' || !DEVICE_NAME.test(deviceName)) {
    throw new MalformedEventError(`${path}deviceName`, 'expected 1-64 of letters, digits and - _ @ . :');
  }
  return { productKey, deviceName, deviceId: `${productKey}/${deviceName}` };
}

/** The device event in one MNS message body. */
export function parseDeviceEvent(body: string): DeviceEvent {
  const root = decodeBody(body);
  if (typeof root.status === 'string') return statusEvent(root);
  if ('items' in root) return propertiesEvent(root);
  throw new MalformedEventError('$', 'neither a device status (status) nor a property post (items)');
}

function decodeBody(body: string): Record<string, unknown> {
  const direct = jsonObject(body) ?? jsonObject(base64(body));
  if (!direct) throw new MalformedEventError('$', 'expected a JSON object, or base64 of one');
  if (typeof direct.payload === 'string' && typeof direct.messagetype === 'string') {
    const inner = jsonObject(base64(direct.payload));
    if (!inner) throw new MalformedEventError('payload', 'expected base64 of a JSON object');
    return inner;
  }
  return direct;
}

function statusEvent(root: Record<string, unknown>): StatusEvent {
  const ref = deviceRef(root.productKey, root.deviceName);
  if (root.status !== 'online' && root.status !== 'offline') throw new MalformedEventError('status', 'expected online or offline');
  const field = root.utcLastTime !== undefined ? 'utcLastTime' : 'utcTime';
  const text = root[field];
  if (typeof text !== 'string' || !UTC_TIME.test(text)) throw new MalformedEventError(field, 'expected a UTC time like 2018-08-31T07:32:28.195Z');
  const at = Date.parse(text);
  if (!Number.isFinite(at)) throw new MalformedEventError(field, 'not a valid time');
  return { kind: 'status', ...ref, status: root.status, at };
}

function propertiesEvent(root: Record<string, unknown>): PropertiesEvent {
  const ref = deviceRef(root.productKey, root.deviceName);
  if (!isRecord(root.items)) throw new MalformedEventError('items', 'expected an object of {value, time}');
  const entries = Object.entries(root.items);
  if (entries.length === 0) throw new MalformedEventError('items', 'expected at least one property');
  if (entries.length > MAX_PROPERTY_ITEMS) throw new MalformedEventError('items', `at most ${MAX_PROPERTY_ITEMS} properties an event`);
  const items: Record<string, PropertyItem> = {};
  for (const [id, item] of entries) {
    if (!PROPERTY_ID.test(id)) throw new MalformedEventError(`items.${id}`, 'expected a TSL identifier (letters, digits, _; at most 50)');
    if (!isRecord(item) || !('value' in item)) throw new MalformedEventError(`items.${id}`, 'expected {value, time}');
    if (typeof item.time !== 'number' || !Number.isSafeInteger(item.time) || item.time < 0) {
      throw new MalformedEventError(`items.${id}.time`, 'expected epoch milliseconds');
    }
    items[id] = { value: item.value, time: item.time };
  }
  return { kind: 'properties', ...ref, items };
}

function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function base64(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  return Buffer.from(trimmed, 'base64').toString('utf8');
}
