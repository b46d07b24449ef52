/**
 * Orders arriving at a steady rate, each placed as its plan says: a few re-sent with the same
 * idempotency key (at once or later), some cancelled, some marked ready by the seller.
 */
import type { CityApi } from './city-api';
import type { OrderPlan } from './city-model';
import type { Tasks } from './tasks';

export class OrderArrivals {
  /** The plan of each placed order, by order id. */
  readonly planOf = new Map<string, OrderPlan>();
  /** Re-sent POST /orders, and how many of them answered with the order of the first. */
  replays = 0;
  sameOrder = 0;

  constructor(
    private readonly api: CityApi,
    private readonly tasks: Tasks,
  ) {}

  /** Places the plans one after another, evenly over `seconds`. */
  schedule(plans: readonly OrderPlan[], seconds: number): void {
    plans.forEach((plan, i) => this.tasks.later((i * seconds * 1000) / plans.length, () => this.place(plan)));
  }

  private async place(plan: OrderPlan): Promise<void> {
    const created = await Promise.all([this.create(plan), ...(plan.replay === 'concurrent' ? [this.create(plan)] : [])]);
    const { orderId } = plan;
    if (!orderId) return;
    if (plan.replay === 'concurrent') this.countReplay(created[0] === created[1]);
    if (plan.replay === 'later') this.tasks.later(plan.replayAfter, async () => this.countReplay((await this.create(plan)) === orderId));
    if (plan.cancelAfter !== undefined) {
      this.tasks.later(plan.cancelAfter, () =>
        this.api.call('POST', `/orders/${orderId}/cancel`, 'POST /orders/{id}/cancel', { reason: 'customer changed their mind' }),
      );
    }
    if (plan.readyAfter !== undefined) {
      this.tasks.later(plan.readyAfter, () =>
        this.api.call('POST', `/orders/${orderId}/ready`, 'POST /orders/{id}/ready', { sellerId: plan.body.sellerId }),
      );
    }
  }

  /** POST /orders; the first answer fills in the plan's order id. */
  private async create(plan: OrderPlan): Promise<string | undefined> {
    const reply = await this.api.call('POST', '/orders', 'POST /orders', plan.body);
    if (reply.status !== 201 && reply.status !== 200) return undefined;
    const orderId = String(reply.body.order.orderId);
    if (!plan.orderId) {
      plan.orderId = orderId;
      plan.answeredAt = performance.now();
      this.planOf.set(orderId, plan);
    }
    return orderId;
  }

  private countReplay(same: boolean): void {
    this.replays++;
    if (same) this.sameOrder++;
  }
}
