/**
 * A room's row and its mics' rows.
 *
 * rooms (roomId = `r` + 32 hex of the idempotency key):
 *   state            OPEN | ENDED
 *   output           JSON {width, height, fps}
 *   layout           JSON Layout;  layoutVersion  INTEGER, bumped by every layout change
 *   slot<k>          the micId in slot k (0 to MAX_MICS-1), absent when free
 *   createdAt, endedAt, requestHash
 * room_mics (roomId, micId):
 *   slot, role (host | cohost), state (JOINED → LIVE ⇄ GONE, LEFT), joinedAt, liveAt, gain (0-2), muted
 * A mic's stream is `<roomId>-<micId>`: room ids have a fixed length, so the split is unambiguous; the
 * mix is `<roomId>_mix`, which no mic's stream can be.
 */
import { MAX, MIN, type Attributes, type PrimaryKey, type RangeOptions, type TableStore } from '../shared/ports';
import type { Layout } from './layouts';

export const ROOM_ID_LENGTH = 33;
export type RoomState = 'OPEN' | 'ENDED';
export type MicState = 'JOINED' | 'LIVE' | 'GONE' | 'LEFT';
export type MicRole = 'host' | 'cohost';

export interface Room {
  roomId: string;
  state: RoomState;
  output: { width: number; height: number; fps: number };
  layout: Layout;
  layoutVersion: number;
  /** micId by slot. */
  slots: Map<number, string>;
  createdAt: number;
  endedAt?: number;
}

export interface Mic {
  roomId: string;
  micId: string;
  slot: number;
  role: MicRole;
  state: MicState;
  gain: number;
  muted: boolean;
  joinedAt: number;
  liveAt?: number;
  goneAt?: number;
}

export const slotColumn = (k: number) => `slot${k}`;
export const roomKey = (roomId: string): PrimaryKey => [['roomId', roomId]];
export const micKey = (roomId: string, micId: string): PrimaryKey => [
  ['roomId', roomId],
  ['micId', micId],
];

export function streamName(roomId: string, micId: string): string {
  return `${roomId}-${micId}`;
}

/** The room and mic a stream name names, or undefined when it is not one of ours. */
export function parseStreamName(stream: string): { roomId: string; micId: string } | undefined {
  if (stream.length <= ROOM_ID_LENGTH + 1 || stream[ROOM_ID_LENGTH] !== '-' || !/^r[0-9a-f]{32}$/.test(stream.slice(0, ROOM_ID_LENGTH)))
    return undefined;
  return { roomId: stream.slice(0, ROOM_ID_LENGTH), micId: stream.slice(ROOM_ID_LENGTH + 1) };
}

/** The room's mix: the stream the mixer pushes and viewers play (`_mix`: never a mic's `-<micId>`). */
export function mixStreamName(roomId: string): string {
  return `${roomId}_mix`;
}

export function roomFromRow(roomId: string, row: Attributes): Room {
  const slots = new Map<number, string>();
  for (const [column, value] of Object.entries(row)) {
    const k = /^slot(\d)$/.exec(column)?.[1];
    if (k !== undefined && typeof value === 'string') slots.set(Number(k), value);
  }
  return {
    roomId,
    state: row.state as RoomState,
    output: JSON.parse(String(row.output)) as Room['output'],
    layout: JSON.parse(String(row.layout)) as Layout,
    layoutVersion: Number(row.layoutVersion),
    slots,
    createdAt: Number(row.createdAt),
    ...(typeof row.endedAt === 'number' ? { endedAt: row.endedAt } : {}),
  };
}

export function micFromRow(roomId: string, micId: string, row: Attributes): Mic {
  return {
    roomId,
    micId,
    slot: Number(row.slot),
    role: row.role as MicRole,
    state: row.state as MicState,
    gain: typeof row.gain === 'number' ? row.gain : 1,
    muted: row.muted === true,
    joinedAt: Number(row.joinedAt),
    ...(typeof row.liveAt === 'number' ? { liveAt: row.liveAt } : {}),
    ...(typeof row.goneAt === 'number' ? { goneAt: row.goneAt } : {}),
  };
}

/** A room's mic rows, in micId order (at most `options.limit`, when given). */
export async function readRoomMics(store: TableStore, table: string, roomId: string, options: RangeOptions = {}): Promise<Mic[]> {
  const start: PrimaryKey = [
    ['roomId', roomId],
    ['micId', MIN],
  ];
  const end: PrimaryKey = [
    ['roomId', roomId],
    ['micId', MAX],
  ];
  const page = await store.getRange(table, start, end, options);
  return page.rows.map((r) => micFromRow(roomId, String(r.key[1][1]), r.attributes));
}
