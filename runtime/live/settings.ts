/**
 * The contract between the LiveMuxCluster construct and its functions (in progress: the room API and
 * the publish callbacks so far): table schemas, routes and the settings JSON.
 */
import type { FunctionManifest } from '../shared/function-manifest';
import { baseTableNames, type TableSchema } from '../shared/ots-contract';

/**
 * The pattern's functions. The callback answers an HTTP trigger; the watchdog runs as delayed async
 * invocations, FC retrying it; the mixer is started by ensureMixer once per lease.
 */
export const LIVE_FUNCTIONS = {
  roomApi: { handler: 'room-api', runtime: 'nodejs20', invocation: 'sync' },
  callback: { handler: 'callback', runtime: 'nodejs20', invocation: 'sync' },
  watchdog: { handler: 'watchdog', runtime: 'nodejs20', invocation: 'async', retries: 'terminal' },
  /** Runs ffmpeg: the custom runtime with the FFmpeg layer. Never retried by FC: a retry would start a second mixer; the watchdog restarts it. */
  mixer: { handler: 'mixer', runtime: 'ffmpeg', invocation: 'async', retries: 'none' },
} as const satisfies FunctionManifest;

export const LIVE_ENV = {
  settings: 'LIVE_SETTINGS',
  otsInstance: 'OTS_INSTANCE',
  otsEndpoint: 'OTS_ENDPOINT',
  /** The encrypted OOS parameter holding the keys (JSON {push, play, callback}): never in the template or the settings. */
  keysSecret: 'LIVE_KEYS_SECRET',
  mixerFunction: 'MIXER_FUNCTION',
  watchdogFunction: 'WATCHDOG_FUNCTION',
} as const;
/** How a signed URL's timestamp is filled (url-signing.ts): the signing time, or the signing time plus a lifetime. */
export type TimestampConvention = 'signing-time' | 'expiry-time';

export const LIVE_TABLES = {
  /** A room: its state, output, layout (versioned), its slots (`slot<k>` = the mic in slot k) and the mixer's lease. */
  rooms: { name: 'rooms', primaryKey: [{ name: 'roomId', type: 'STRING' }] },
  /** A room's mics: slot, role, state (JOINED, LIVE, GONE, LEFT), audio gain and mute. */
  mics: {
    name: 'room_mics',
    primaryKey: [
      { name: 'roomId', type: 'STRING' },
      { name: 'micId', type: 'STRING' },
    ],
  },
} as const satisfies Record<string, TableSchema>;

export type LiveTable = keyof typeof LIVE_TABLES;
export const LIVE_TABLE_KEYS = Object.keys(LIVE_TABLES) as LiveTable[];
export const LIVE_BASE_TABLE_NAMES = baseTableNames(LIVE_TABLES);

/** The most mics a layout shows (CreateMixStream's presets stop at 4; ours go to 9). */
export const MAX_MICS = 9;

/** How long a mixer's lease lasts past its last renewal; the mixer renews every LEASE_MS / 3 (mixer-lease.ts). */
export const LEASE_MS = 15_000;

/** The output a room may ask for (the room API) and the construct's default may be: even sizes up to 1080p, 10-60 fps. */
export const OUTPUT_LIMITS = { width: [160, 1920], height: [90, 1080], fps: [10, 60] } as const;

export interface StreamDomain {
  /** The ApsaraVideo Live domain name. */
  domain: string;
  /** The AppName streams live under. */
  app: string;
}

export interface LiveSettings {
  /** The name of each table in the Table Store instance (patterns of one stack share an instance). */
  tables: Record<LiveTable, string>;
  /** Where mics (and the mixer's output) push: the ingest domain. */
  ingest: StreamDomain;
  /** Where viewers play the mix: the streaming domain. */
  play: StreamDomain;
  /** How push and play URLs are signed. */
  signing: {
    /** What a signed URL's timestamp holds: the signing time or the expiry time. */
    convention: TimestampConvention;
    /** Seconds a mic's push URL stays valid (with `expiry-time`: added to the signing time). */
    pushLifetimeSeconds: number;
    /** Seconds a viewer's play URL stays valid. */
    playLifetimeSeconds: number;
  };
  /** The output a room gets unless it asks for another. */
  defaultOutput: { width: number; height: number; fps: number };
  /** Request bodies larger than this are rejected with 413. */
  maxBodyBytes: number;
  /** How each room's mixer runs and is watched. */
  mixer: MixerSettings;
}

export interface MixerSettings {
  /** A mixer with no live mic this long stops (and the room's watchdog with it, until a mic publishes again). */
  idleStopSeconds: number;
  /** How often the room's watchdog looks at the lease: a dead mixer is restarted within LEASE_MS + this. */
  watchdogIntervalSeconds: number;
  /** How long a starting mixer has to take its first heartbeat. */
  startGraceSeconds: number;
  /** A mixer hands over to a fresh invocation after running this long: the function's timeout less a margin. */
  handoverAfterSeconds: number;
  /** Slots the compositor is started with: the most mics a room shows (1-9). */
  slots: number;
  /** What every slot is fed at (each mic is decoded to it, the graph scales it to its tile). */
  slotSize: { width: number; height: number };
}

/** The keys the functions sign and check with: secrets, never in the template or the settings. */
export interface LiveKeys {
  /** The ingest domain's type A key (push URLs). */
  push: string;
  /** The streaming domain's type A key (play URLs). */
  play: string;
  /** The callback authentication key (ALI-LIVE-SIGNATURE). */
  callback: string;
}

export const ROOM_ROUTES = [
  { name: 'CreateRoom', method: 'POST', path: '/rooms', description: 'Create a room (idempotent by idempotencyKey)' },
  { name: 'GetRoom', method: 'GET', path: '/rooms/{id}', description: 'A room: state, mics, layout, signed viewer URLs' },
  { name: 'JoinMic', method: 'POST', path: '/rooms/{id}/mics', description: 'Bring a mic in: its slot and signed push URL' },
  { name: 'LeaveMic', method: 'DELETE', path: '/rooms/{id}/mics/{micId}', description: 'Take a mic out (idempotent)' },
  { name: 'SetLayout', method: 'PUT', path: '/rooms/{id}/layout', description: 'Layout and per-mic audio, given the version read' },
  { name: 'EndRoom', method: 'POST', path: '/rooms/{id}/end', description: 'End the room (idempotent)' },
] as const satisfies ReadonlyArray<{ name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; description: string }>;

export type RoomRouteName = (typeof ROOM_ROUTES)[number]['name'];

/** Fields of the structured decision log lines, indexed in Log Service by the construct. */
export const LIVE_LOG_FIELDS = [
  /** room | mic | layout | callback | mixer | watchdog | health */
  { name: 'decision', type: 'text' },
  { name: 'roomId', type: 'text' },
  { name: 'micId', type: 'text' },
  /** The mixer's lease epoch: which start of the room's mixer wrote the line. */
  { name: 'epoch', type: 'long' },
  /** callbacks: live | gone | unchanged | ignored | rejected; room API: created | joined | left | set | ended | unchanged */
  { name: 'outcome', type: 'text' },
  /** watchdog: mixer-started (a restart) | ended | idle */
  { name: 'verdict', type: 'text' },
  /** Why a mixer stopped: ended | idle | taken-over | compositor-died | stopped */
  { name: 'exit', type: 'text' },
  { name: 'liveMics', type: 'long' },
  /** Output health, every few seconds: frames per second put out and the encoder's speed (1 = real time). */
  { name: 'fps', type: 'double' },
  { name: 'speed', type: 'double' },
] as const;
