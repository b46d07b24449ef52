import { ApiRoute } from '../core/api-gateway';

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
  maxRetries: 2,
  maxEventAgeSeconds: 3600,
  offerSweepSchedule: '@every 1m',
  apiFunction: { memorySize: 512, cpu: 0.5, timeout: 10, instanceConcurrency: 20 },
  notifier: { memorySize: 512, cpu: 0.25, timeout: 30, instanceConcurrency: 10 },
  offerSweeper: { memorySize: 512, cpu: 0.5, timeout: 60, instanceConcurrency: 1 },
  failureHandler: { memorySize: 512, cpu: 0.25, timeout: 30, instanceConcurrency: 10 },
};

/** The APIs of the dispatch system, all served by one event function. */
export const DISPATCH_ROUTES: ApiRoute[] = [
  { name: 'CreateOrder', method: 'POST', path: '/orders', description: 'Customer places an order (idempotent by idempotencyKey)' },
  { name: 'GetOrder', method: 'GET', path: '/orders/[id]', description: 'Order state, courier and route' },
  { name: 'CancelOrder', method: 'POST', path: '/orders/[id]/cancel', description: 'Cancel while CREATED, OFFERED or ASSIGNED' },
  { name: 'AcceptOrder', method: 'POST', path: '/orders/[id]/accept', description: 'Courier accepts an offer; the first valid accept wins' },
  { name: 'PickupOrder', method: 'POST', path: '/orders/[id]/pickup', description: 'Assigned courier picked the order up' },
  { name: 'DeliverOrder', method: 'POST', path: '/orders/[id]/deliver', description: 'Assigned courier delivered the order' },
  { name: 'OrderReady', method: 'POST', path: '/orders/[id]/ready', description: 'Seller marks the order ready for pickup' },
  { name: 'CourierLocation', method: 'POST', path: '/couriers/[id]/location', description: 'Courier reports its position' },
  { name: 'CourierStatus', method: 'POST', path: '/couriers/[id]/status', description: 'Courier goes online or offline' },
  { name: 'RegisterSeller', method: 'POST', path: '/sellers', description: 'Register a seller with its location' },
];
