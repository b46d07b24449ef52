import { ApiRoute, apiGatewayRoutes } from '../core/api-gateway';
import { DISPATCH_DEFAULT_RETRIES, DISPATCH_ROUTES } from '../../runtime/dispatch/settings';

/** The defaults the README's table lists; every one can be changed by a prop. */
export const DISPATCH_DEFAULTS = {
  requestsPerMinute: 6000,
  protocol: 'HTTPS' as const,
  backendTimeoutMs: 10000,
  offer: { size: 3, ttlSeconds: 30, maxRounds: 5 },
  cellPrecision: 6,
  maxRings: 3,
  locationMaxAgeSeconds: 60,
  courierCapacity: 2,
  loadPenaltyMeters: 500,
  maxBodyBytes: 16384,
  maxSendAttempts: 5,
  apnsEnv: 'PRODUCT' as const,
  maxRetries: DISPATCH_DEFAULT_RETRIES,
  maxEventAgeSeconds: 3600,
  offerSweepSchedule: '@every 1m',
  apiFunction: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 1 },
  notifier: { memorySize: 512, cpu: 0.25, timeout: 30, instanceConcurrency: 1 },
  offerSweeper: { memorySize: 512, cpu: 0.5, timeout: 60, instanceConcurrency: 1 },
  failureHandler: { memorySize: 512, cpu: 0.25, timeout: 30, instanceConcurrency: 1 },
};

/** The runtime's routes as API Gateway APIs (path parameters in API Gateway's `[id]` form). */
export const DISPATCH_API_ROUTES: ApiRoute[] = apiGatewayRoutes(DISPATCH_ROUTES);
