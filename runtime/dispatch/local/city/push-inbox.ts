/**
 * The couriers' apps reading the Mobile Push channel: offers arrive by push, a round's offers in
 * one batch, and a CANCELLED push ends the courier's job.
 */
import type { PushRequest } from '../../../shared/ports';
import type { Courier } from './city-model';

const PUSH_POLL_MS = 5;

export class PushInbox {
  private readonly seenNotifications = new Set<string>();
  private timer?: NodeJS.Timeout;
  /** When the last push arrived (or listening started): the run is settled only once pushes go quiet. */
  lastPushAt = performance.now();

  /** Reads `push.sent` from index `cursor` on; `onOffer` gets each order's candidates of one batch together. */
  constructor(
    private readonly push: { readonly sent: readonly PushRequest[] },
    private cursor: number,
    private readonly couriers: ReadonlyMap<string, Courier>,
    private readonly onOffer: (orderId: string, candidates: readonly Courier[]) => void,
  ) {}

  start(): void {
    this.lastPushAt = performance.now();
    this.timer = setInterval(() => this.read(), PUSH_POLL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private read(): void {
    const offers = new Map<string, Courier[]>();
    for (; this.cursor < this.push.sent.length; this.cursor++) {
      this.lastPushAt = performance.now();
      const { targetValue, extParameters: ext } = this.push.sent[this.cursor];
      const courier = this.couriers.get(targetValue);
      if (!courier || !ext?.orderId || this.seenNotifications.has(ext.notificationId)) continue;
      // Like the apps, drop a second delivery of a notification.
      this.seenNotifications.add(ext.notificationId);
      if (ext.kind === 'CANCELLED') courier.jobs.delete(ext.orderId);
      if (ext.kind === 'OFFER') offers.set(ext.orderId, [...(offers.get(ext.orderId) ?? []), courier]);
    }
    for (const [orderId, candidates] of offers) this.onOffer(orderId, candidates);
  }
}
