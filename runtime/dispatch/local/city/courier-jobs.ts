/**
 * Couriers answering offers: every candidate of a round accepts at once, on purpose, so accepts
 * race; the winner picks up and delivers after the order's planned delays.
 */
import type { Position } from '../../geo/position';
import type { CityApi } from './city-api';
import type { Courier, OrderPlan } from './city-model';
import type { OrderView } from './order-audit';
import type { Tasks } from './tasks';

/** Pickup or delivery delay for an order whose offer arrived before its POST /orders answer (a rare race). */
const UNPLANNED_STEP_MS = 250;

export class CourierJobs {
  /** Couriers whose accept answered 200, by order id. */
  readonly winners = new Map<string, Set<string>>();
  /** When the first accept of each order answered 200. */
  readonly wonAt = new Map<string, number>();
  acceptsSent = 0;
  acceptConflicts = 0;
  readonly acceptConflictCodes: Record<string, number> = {};

  /** `planOf` fills as orders are placed; `sellers` maps seller id to where it is. */
  constructor(
    private readonly api: CityApi,
    private readonly tasks: Tasks,
    private readonly sellers: ReadonlyMap<string, Position>,
    private readonly planOf: ReadonlyMap<string, OrderPlan>,
  ) {}

  acceptAtOnce(orderId: string, candidates: readonly Courier[]): void {
    this.tasks.run(() => Promise.all(candidates.map((c) => this.accept(c, orderId))));
  }

  private async accept(c: Courier, orderId: string): Promise<void> {
    this.acceptsSent++;
    const reply = await this.api.call('POST', `/orders/${orderId}/accept`, undefined, { courierId: c.id });
    if (reply.status === 409) {
      this.acceptConflicts++;
      const code = String(reply.body?.error?.code);
      this.acceptConflictCodes[code] = (this.acceptConflictCodes[code] ?? 0) + 1;
      return;
    }
    if (reply.status !== 200) return this.api.refused('POST /orders/{id}/accept', reply.status);
    const order = reply.body.order as OrderView;
    this.winners.set(orderId, (this.winners.get(orderId) ?? new Set()).add(c.id));
    if (!this.wonAt.has(orderId)) this.wonAt.set(orderId, performance.now());
    c.jobs.set(orderId, { phase: 'to-seller', seller: this.sellers.get(order.sellerId)!, dropoff: order.dropoff });
    this.tasks.later(this.planOf.get(orderId)?.pickupAfter ?? UNPLANNED_STEP_MS, () => this.pickup(c, orderId));
  }

  private async pickup(c: Courier, orderId: string): Promise<void> {
    const job = c.jobs.get(orderId);
    if (!job) return; // cancelled meanwhile
    const reply = await this.api.call('POST', `/orders/${orderId}/pickup`, 'POST /orders/{id}/pickup', { courierId: c.id });
    if (reply.status !== 200) return void c.jobs.delete(orderId);
    job.phase = 'to-dropoff';
    this.tasks.later(this.planOf.get(orderId)?.deliverAfter ?? UNPLANNED_STEP_MS, async () => {
      if (!c.jobs.delete(orderId)) return;
      await this.api.call('POST', `/orders/${orderId}/deliver`, 'POST /orders/{id}/deliver', { courierId: c.id });
    });
  }
}
