/**
 * The room API's endpoints. Every change is a conditional write:
 * - a room is created once per idempotencyKey (its id derived from the key, EXPECT_NOT_EXIST);
 * - a mic takes the lowest free slot with one write on the room row (the slot column absent, the room
 *   OPEN), then its own row; a join retried after either write finds its slot and finishes;
 * - a leave marks the mic LEFT, then frees its slot only if the slot still holds it;
 * - a layout is changed at the version it was read at (409 with the current one otherwise; a retried
 *   change that already landed answers 200 again);
 * - ending is idempotent.
 */
import { HttpError, invalidField, json, notFound, pathId, requiredWellFormedString, type Endpoint as HttpEndpoint } from '../shared/http';
import { idForKey, requestHashOf } from '../shared/http/idempotency';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import type { LiveDeps } from './deps';
import { MAX_MICS, type Layout } from './layouts';
import { audioSettings, layoutField, outputFormat, requiredMicId } from './room-fields';
import { micFromRow, micKey, mixStreamName, readRoomMics, roomFromRow, roomKey, slotColumn, streamName, type Mic, type Room } from './room-record';
import { signedStreamUrl } from './url-signing';

type Endpoint = HttpEndpoint<LiveDeps>;
const WRITE_ATTEMPTS = 5;

export function roomIdFor(idempotencyKey: string): string {
  return idForKey('r', 'room', idempotencyKey);
}

async function readRoom(deps: LiveDeps, roomId: string): Promise<Room> {
  const row = await deps.store.getRow(deps.settings.tables.rooms, roomKey(roomId));
  if (!row) throw notFound('room', roomId, 'roomId');
  return roomFromRow(roomId, row);
}

function readMics(deps: LiveDeps, roomId: string): Promise<Mic[]> {
  return readRoomMics(deps.store, deps.settings.tables.mics, roomId, { limit: 4 * MAX_MICS });
}

function viewerUrls(deps: LiveDeps, roomId: string) {
  const { play, signing } = deps.settings;
  const key = { privateKey: deps.keys.play, convention: signing.convention, lifetimeSeconds: signing.playLifetimeSeconds };
  const now = deps.clock.now();
  const url = (format: 'rtmp' | 'flv' | 'hls') => signedStreamUrl(play.domain, play.app, mixStreamName(roomId), format, key, now);
  return { rtmp: url('rtmp'), flv: url('flv'), hls: url('hls') };
}

function pushUrl(deps: LiveDeps, roomId: string, micId: string): string {
  const { ingest, signing } = deps.settings;
  const key = { privateKey: deps.keys.push, convention: signing.convention, lifetimeSeconds: signing.pushLifetimeSeconds };
  return signedStreamUrl(ingest.domain, ingest.app, streamName(roomId, micId), 'rtmp', key, deps.clock.now());
}

const roomView = (room: Room, mics: Mic[]) => ({
  roomId: room.roomId,
  state: room.state,
  output: room.output,
  layout: room.layout,
  layoutVersion: room.layoutVersion,
  mics: mics
    .filter((m) => m.state !== 'LEFT')
    .map((m) => ({ micId: m.micId, slot: m.slot, role: m.role, state: m.state, gain: m.gain, muted: m.muted })),
});

export const createRoom: Endpoint = async ({ deps, body, log }) => {
  const input = body();
  const idempotencyKey = requiredWellFormedString(input, 'idempotencyKey', 128);
  const output = outputFormat(input, 'output', deps.settings.defaultOutput);
  const layout: Layout = input.layout === undefined ? { preset: 'grid' } : layoutField(input, 'layout', 0);
  const roomId = roomIdFor(idempotencyKey);
  const requestHash = requestHashOf({ output, layout });
  const row = {
    state: 'OPEN',
    output: JSON.stringify(output),
    layout: JSON.stringify(layout),
    layoutVersion: 1,
    createdAt: deps.clock.now(),
    requestHash,
  };
  const table = deps.settings.tables.rooms;
  if (!(await ifCondition(() => deps.store.putRow(table, roomKey(roomId), row, { row: 'EXPECT_NOT_EXIST' })))) {
    const existing = await deps.store.getRow(table, roomKey(roomId));
    if (existing?.requestHash !== requestHash) {
      throw new HttpError(409, 'idempotency_key_reused', 'idempotencyKey was already used for a different room', 'idempotencyKey', { roomId });
    }
    const room = roomFromRow(roomId, existing);
    log.info('room already created', { decision: 'room', roomId, outcome: 'unchanged' });
    return json(200, { room: { ...roomView(room, await readMics(deps, roomId)), viewer: viewerUrls(deps, roomId) } });
  }
  log.info('room created', { decision: 'room', roomId, outcome: 'created', output: `${output.width}x${output.height}@${output.fps}` });
  return json(201, { room: { ...roomView(roomFromRow(roomId, row), []), viewer: viewerUrls(deps, roomId) } });
};

export const getRoom: Endpoint = async ({ deps, params }) => {
  const roomId = pathId(params, 'roomId');
  const [room, mics] = await Promise.all([readRoom(deps, roomId), readMics(deps, roomId)]);
  return json(200, { room: { ...roomView(room, mics), viewer: viewerUrls(deps, roomId) } });
};

export const joinMic: Endpoint = async ({ deps, params, body, log }) => {
  const roomId = pathId(params, 'roomId');
  const input = body();
  const micId = requiredMicId(input, 'micId');
  const role = input.role === undefined ? 'cohost' : input.role;
  if (role !== 'host' && role !== 'cohost') throw invalidField('role', 'must be host or cohost');
  const { rooms, mics } = deps.settings.tables;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const room = await readRoom(deps, roomId);
    if (room.state !== 'OPEN') throw new HttpError(409, 'room_ended', `room ${roomId} has ended`, 'roomId');
    let slot = [...room.slots].find(([, id]) => id === micId)?.[0];
    let created = false;
    if (slot === undefined) {
      // The mixer's compositor has this many slots: a mic beyond them would never be shown.
      const capacity = deps.settings.mixer.slots;
      const free = Array.from({ length: capacity }, (_, k) => k).find((k) => !room.slots.has(k));
      if (free === undefined) throw new HttpError(409, 'room_full', `room ${roomId} has ${capacity} mics, the most its mixer shows`, 'micId');
      const condition = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('state', 'OPEN'), columnAbsent(slotColumn(free))] } };
      const took = await ifCondition(() =>
        deps.store.updateRow(rooms, roomKey(roomId), { put: { [slotColumn(free)]: micId } }, condition, { returnRow: false }),
      );
      if (!took) continue;
      slot = free;
      created = true;
    }
    // The mic's row: written unless this membership already has one (a retried join, or the callback marked it LIVE).
    const fresh = {
      row: 'IGNORE' as const,
      column: { or: [columnAbsent('state'), columnEquals('state', 'LEFT'), { not: columnEquals('slot', slot) }] },
    };
    const micRow = { slot, role, state: 'JOINED', joinedAt: deps.clock.now(), gain: 1, muted: false };
    await ifCondition(() => deps.store.putRow(mics, micKey(roomId, micId), micRow, fresh));
    // A leave of the same mic racing this join may have freed the slot meanwhile: then take another one.
    if (!created && roomFromRow(roomId, (await deps.store.getRow(rooms, roomKey(roomId)))!).slots.get(slot) !== micId) continue;
    log.info(created ? 'mic joined' : 'mic already joined', { decision: 'mic', roomId, micId, slot, outcome: created ? 'joined' : 'unchanged' });
    return json(created ? 201 : 200, {
      mic: { roomId, micId, slot, role },
      push: { url: pushUrl(deps, roomId, micId), stream: streamName(roomId, micId) },
    });
  }
  throw new Error(`room ${roomId}: joining ${micId} lost ${WRITE_ATTEMPTS} races`);
};

export const leaveMic: Endpoint = async ({ deps, params, log }) => {
  const roomId = pathId(params, 'roomId');
  const micId = requiredMicId(params, 'micId');
  const { rooms, mics } = deps.settings.tables;
  const row = await deps.store.getRow(mics, micKey(roomId, micId));
  if (!row) throw notFound('mic', micId, 'micId');
  const mic = micFromRow(roomId, micId, row);
  if (mic.state !== 'LEFT') {
    await ifCondition(() =>
      deps.store.updateRow(mics, micKey(roomId, micId), { put: { state: 'LEFT' } }, { row: 'EXPECT_EXIST', column: columnEquals('slot', mic.slot) }),
    );
  }
  // The slot goes free only while it still holds this mic (it may have rejoined elsewhere since).
  await ifCondition(() =>
    deps.store.updateRow(
      rooms,
      roomKey(roomId),
      { delete: [slotColumn(mic.slot)] },
      { row: 'EXPECT_EXIST', column: columnEquals(slotColumn(mic.slot), micId) },
    ),
  );
  log.info('mic left', { decision: 'mic', roomId, micId, outcome: mic.state === 'LEFT' ? 'unchanged' : 'left' });
  return json(200, { mic: { roomId, micId, state: 'LEFT' } });
};

export const setLayout: Endpoint = async ({ deps, params, body, log }) => {
  const roomId = pathId(params, 'roomId');
  const input = body();
  const expectedVersion = input.expectedVersion;
  if (typeof expectedVersion !== 'number' || !Number.isSafeInteger(expectedVersion) || expectedVersion < 1) {
    throw invalidField('expectedVersion', 'must be the layoutVersion the room was read at');
  }
  const room = await readRoom(deps, roomId);
  if (room.state !== 'OPEN') throw new HttpError(409, 'room_ended', `room ${roomId} has ended`, 'roomId');
  const layout = input.layout === undefined ? room.layout : layoutField(input, 'layout', room.slots.size);
  const audio = audioSettings(input, 'audio');
  for (const micId of audio.keys()) {
    if (![...room.slots.values()].includes(micId)) throw invalidField(`audio.${micId}`, 'is not a mic of this room');
  }
  for (const [micId, setting] of audio) {
    const put = { ...(setting.gain !== undefined ? { gain: setting.gain } : {}), ...(setting.muted !== undefined ? { muted: setting.muted } : {}) };
    if (Object.keys(put).length > 0)
      await deps.store.updateRow(deps.settings.tables.mics, micKey(roomId, micId), { put }, { row: 'EXPECT_EXIST' }, { returnRow: false });
  }
  const wanted = JSON.stringify(layout);
  const table = deps.settings.tables.rooms;
  const condition = {
    row: 'EXPECT_EXIST' as const,
    column: { and: [columnEquals('state', 'OPEN'), columnEquals('layoutVersion', expectedVersion)] },
  };
  const put = { layout: wanted, layoutVersion: expectedVersion + 1 };
  if (!(await ifCondition(() => deps.store.updateRow(table, roomKey(roomId), { put }, condition, { returnRow: false })))) {
    const now = await readRoom(deps, roomId);
    // The same change, landed by an earlier try whose answer was lost.
    if (now.layoutVersion === expectedVersion + 1 && JSON.stringify(now.layout) === wanted) {
      log.info('layout already set', { decision: 'layout', roomId, layoutVersion: now.layoutVersion, outcome: 'unchanged' });
      return json(200, { layout: now.layout, layoutVersion: now.layoutVersion });
    }
    if (now.state !== 'OPEN') throw new HttpError(409, 'room_ended', `room ${roomId} has ended`, 'roomId');
    throw new HttpError(409, 'version_conflict', `the layout is at version ${now.layoutVersion}`, 'expectedVersion', {
      currentVersion: now.layoutVersion,
    });
  }
  log.info('layout set', { decision: 'layout', roomId, layoutVersion: expectedVersion + 1, outcome: 'set', audioChanges: audio.size });
  return json(200, { layout, layoutVersion: expectedVersion + 1 });
};

export const endRoom: Endpoint = async ({ deps, params, log }) => {
  const roomId = pathId(params, 'roomId');
  const table = deps.settings.tables.rooms;
  await readRoom(deps, roomId);
  const ended = await ifCondition(() =>
    deps.store.updateRow(
      table,
      roomKey(roomId),
      { put: { state: 'ENDED', endedAt: deps.clock.now() } },
      { row: 'EXPECT_EXIST', column: columnEquals('state', 'OPEN') },
    ),
  );
  log.info(ended ? 'room ended' : 'room already ended', { decision: 'room', roomId, outcome: ended ? 'ended' : 'unchanged' });
  return json(200, { room: { roomId, state: 'ENDED' } });
};
