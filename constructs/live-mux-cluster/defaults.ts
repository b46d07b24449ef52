import { ApiRoute, apiGatewayRoutes } from '../core/api-gateway';
import { ROOM_ROUTES } from '../../runtime/live/settings';

/** The defaults the README's table lists; every one can be changed by a prop. */
export const LIVE_DEFAULTS = {
  appName: 'live',
  /** The current Live and CDN docs: the timestamp is the signing time, the domain's validity period counts from it. */
  timestampConvention: 'signing-time' as const,
  pushUrlLifetimeSeconds: 3600,
  playUrlLifetimeSeconds: 3600,
  output: { width: 1280, height: 720, fps: 30 },
  /** The most mics a room shows: the compositor is started with this many slots (each costs CPU even while empty). */
  maxMics: 4,
  /** What every slot is decoded to before the graph scales it into its tile: a quarter of 720p, a 2x2 grid's tile. */
  slotSize: { width: 640, height: 360 },
  idleStopSeconds: 60,
  watchdogIntervalSeconds: 20,
  startGraceSeconds: 30,
  requestsPerMinute: 6000,
  protocol: 'HTTPS' as const,
  backendTimeoutMs: 10000,
  maxBodyBytes: 16384,
  roomApi: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 1 },
  callback: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 1 },
  watchdog: { memorySize: 512, cpu: 0.25, timeout: 30, instanceConcurrency: 1 },
  /**
   * One room per instance (instanceConcurrency 1), so instances follow the rooms. 2 vCPU: 4 mics into 720p30 with the
   * veryfast encoder (the bench's figures); the timeout is FC's longest, 24 h, the longest a room runs on one invocation.
   */
  mixer: { memorySize: 4096, cpu: 2, timeout: 86400, instanceConcurrency: 1 },
  maxEventAgeSeconds: 3600,
};

/** A mixer hands over to a fresh invocation this long before its function's timeout. */
export const HANDOVER_MARGIN_SECONDS = 300;

export const ROOM_API_ROUTES: ApiRoute[] = apiGatewayRoutes(ROOM_ROUTES);
