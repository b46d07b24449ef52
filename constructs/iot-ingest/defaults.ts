import { ApiRoute, apiGatewayRoutes } from '../core/api-gateway';
import { CONTENT_ROUTES, DEVICE_ROUTES } from '../../runtime/iot/settings';

/** The defaults the README's table lists; every one can be changed by a prop. */
export const IOT_DEFAULTS = {
  requestsPerMinute: 6000,
  protocol: 'HTTPS' as const,
  backendTimeoutMs: 10000,
  maxBodyBytes: 16384,
  /** Hours the posts stream keeps records: how long the trigger retries a failed batch before its records are gone. */
  streamExpirationHours: 24,
  contentApi: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 1 },
  // A function the Tablestore trigger invokes must finish within 1 minute (Tablestore triggers, Limits).
  indexer: { memorySize: 512, cpu: 0.5, timeout: 60, instanceConcurrency: 1 },
  streamEnabler: { memorySize: 512, cpu: 0.25, timeout: 120, instanceConcurrency: 1 },
  deviceApi: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 1 },
  // I/O-bound: one MNS message a call, a read and a conditional write.
  deviceStatus: { memorySize: 512, cpu: 0.5, timeout: 30, instanceConcurrency: 1 },
  transitionCheck: { memorySize: 512, cpu: 0.5, timeout: 60, instanceConcurrency: 1 },
  deviceFailure: { memorySize: 512, cpu: 0.25, timeout: 60, instanceConcurrency: 1 },
  maxRetries: 2,
  maxEventAgeSeconds: 3600,
  devices: {
    /** Long enough to ride out a reconnect (Wi-Fi roaming, a router restart), short enough that owners hear of a real outage soon. */
    debounceSeconds: 30,
    minNotifyIntervalSeconds: 60,
    maxSendAttempts: 3,
    apnsEnv: 'PRODUCT' as const,
    /** MNS retries a failed call 176 times over a day, doubling to 512 s (BACKOFF_RETRY gives up after 3 within a minute). */
    notifyStrategy: 'EXPONENTIAL_DECAY_RETRY' as const,
  },
};

/** The longest a Tablestore-triggered function may run (https://www.alibabacloud.com/help/en/functioncompute/fc/tablestore-triggers). */
export const TABLESTORE_TRIGGER_MAX_SECONDS = 60;

/** The runtime's routes as API Gateway APIs (path parameters in API Gateway's `[id]` form). */
export const CONTENT_API_ROUTES: ApiRoute[] = apiGatewayRoutes(CONTENT_ROUTES);

export const DEVICE_API_ROUTES: ApiRoute[] = apiGatewayRoutes(DEVICE_ROUTES);
