import { ApiRoute, apiGatewayRoutes } from '../core/api-gateway';
import { CONTENT_ROUTES } from '../../runtime/iot/settings';

/** The defaults the README's table lists; every one can be changed by a prop. */
export const IOT_DEFAULTS = {
  requestsPerMinute: 6000,
  protocol: 'HTTPS' as const,
  backendTimeoutMs: 10000,
  maxBodyBytes: 16384,
  /** Hours the posts stream keeps records: how long the trigger retries a failed batch before its records are gone. */
  streamExpirationHours: 24,
  contentApi: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 20 },
  // A function the Tablestore trigger invokes must finish within 1 minute (Tablestore triggers, Limits).
  indexer: { memorySize: 512, cpu: 0.5, timeout: 60, instanceConcurrency: 1 },
  streamEnabler: { memorySize: 512, cpu: 0.25, timeout: 120, instanceConcurrency: 1 },
};

/** The longest a Tablestore-triggered function may run (https://www.alibabacloud.com/help/en/functioncompute/fc/tablestore-triggers). */
export const TABLESTORE_TRIGGER_MAX_SECONDS = 60;

/** The runtime's routes as API Gateway APIs (path parameters in API Gateway's `[id]` form). */
export const CONTENT_API_ROUTES: ApiRoute[] = apiGatewayRoutes(CONTENT_ROUTES);
