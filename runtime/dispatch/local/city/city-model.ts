/** The simulated city, all drawn from one seed before the run so a seed always makes the same city. */
import type { Position } from '../../geo/position';
import { offsetPosition, seededRandom } from '../random-points';

const CITY_METERS = 10_000;
const CENTRE: Position = { lat: 30.2741, lon: 120.1551 };
const REPLAY_SHARE = 0.05;
const CANCEL_SHARE = 0.06;
const READY_SHARE = 0.5;

export interface CityCounts {
  sellers: number;
  couriers: number;
  orders: number;
}

export interface Courier {
  id: string;
  capacity: number;
  at: Position;
  wanderTo: Position;
  jobs: Map<string, { phase: 'to-seller' | 'to-dropoff'; seller: Position; dropoff: Position }>;
  reporting: boolean;
}

/** Everything random about an order, and what became of its POST /orders. */
export interface OrderPlan {
  body: { sellerId: string; items: Array<{ name: string; quantity: number }>; dropoff: Position; idempotencyKey: string };
  replay?: 'concurrent' | 'later';
  replayAfter: number;
  cancelAfter?: number;
  readyAfter?: number;
  pickupAfter: number;
  deliverAfter: number;
  orderId?: string;
  /** When POST /orders first answered. */
  answeredAt?: number;
}

export interface CityModel {
  /** Seller id → where it is. */
  sellers: Map<string, Position>;
  couriers: Map<string, Courier>;
  /** In the order they arrive. */
  plans: OrderPlan[];
  /** A courier's next spot to wander to, from its own stream, so what it draws does not hang on the order the timers run in. */
  wanderTo(courierId: string): Position;
}

export function drawCity(counts: CityCounts, seed: number): CityModel {
  const random = seededRandom(seed);
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];

  const sellers = new Map(Array.from({ length: counts.sellers }, (_, i) => [`s${i + 1}`, spotInCity(random)]));
  const couriers = new Map<string, Courier>();
  for (let i = 0; i < counts.couriers; i++) {
    const id = `c${i + 1}`;
    const capacity = 1 + Math.floor(random() * 3);
    couriers.set(id, { id, capacity, at: spotInCity(random), wanderTo: spotInCity(random), jobs: new Map(), reporting: false });
  }
  const plans = Array.from({ length: counts.orders }, (_, i): OrderPlan => {
    const sellerId = pick([...sellers.keys()]);
    const angle = random() * 2 * Math.PI;
    const distance = between(500, 4000);
    return {
      body: {
        sellerId,
        items: [{ name: pick(['noodles', 'dumplings', 'tea', 'rice bowl']), quantity: 1 + Math.floor(random() * 3) }],
        dropoff: offsetPosition(sellers.get(sellerId)!, Math.sin(angle) * distance, Math.cos(angle) * distance),
        idempotencyKey: `city-${seed}-${i}`,
      },
      replay: random() < REPLAY_SHARE ? (random() < 0.5 ? 'concurrent' : 'later') : undefined,
      replayAfter: between(50, 300),
      // Cancels land before, during and after the courier's part; the seller is ready before the pickup.
      cancelAfter: random() < CANCEL_SHARE ? between(0, 300) : undefined,
      readyAfter: random() < READY_SHARE ? between(20, 120) : undefined,
      pickupAfter: between(150, 400),
      deliverAfter: between(200, 500),
    };
  });
  const wanderStreams = new Map([...couriers.keys()].map((id, i) => [id, seededRandom(seed + i + 1)]));
  return { sellers, couriers, plans, wanderTo: (courierId) => spotInCity(wanderStreams.get(courierId)!) };
}

function spotInCity(random: () => number): Position {
  return offsetPosition(CENTRE, (random() - 0.5) * CITY_METERS, (random() - 0.5) * CITY_METERS);
}
