/**
 * Couriers on the move: every tick each courier steps toward its current job's seller or dropoff
 * (or a spot it wanders to) and reports its position, one report in flight at a time.
 */
import { EARTH_RADIUS_METERS, radians } from '../../geo/haversine';
import type { Position } from '../../geo/position';
import { offsetPosition } from '../random-points';
import type { CityApi } from './city-api';
import type { CityModel, Courier } from './city-model';
import type { Tasks } from './tasks';

/** Compressed time: a 200 ms tick moves a courier 60 m. */
const METERS_PER_TICK = 60;

export class CourierMovement {
  private readonly intervals: NodeJS.Timeout[] = [];

  constructor(
    private readonly city: CityModel,
    private readonly api: CityApi,
    private readonly reports: Tasks,
  ) {}

  start(tickMs: number): void {
    const couriers = [...this.city.couriers.values()];
    couriers.forEach((c, i) => {
      // Staggered, so the reports spread over the tick.
      this.reports.later((i * tickMs) / couriers.length, async () => {
        this.intervals.push(setInterval(() => this.moveAndReport(c), tickMs));
      });
    });
  }

  stop(): void {
    this.intervals.forEach(clearInterval);
  }

  private moveAndReport(c: Courier): void {
    const job = c.jobs.values().next().value;
    const target = job ? (job.phase === 'to-seller' ? job.seller : job.dropoff) : c.wanderTo;
    c.at = stepToward(c.at, target, METERS_PER_TICK);
    if (!job && c.at === target) c.wanderTo = this.city.wanderTo(c.id);
    if (c.reporting) return;
    c.reporting = true;
    this.reports.run(() =>
      this.api.call('POST', `/couriers/${c.id}/location`, 'POST /couriers/{id}/location', { location: c.at }).finally(() => (c.reporting = false)),
    );
  }
}

/** One step of `meters` from `from` toward `to` on a local flat map; `to` itself once within reach. */
function stepToward(from: Position, to: Position, meters: number): Position {
  const metersPerDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
  const north = (to.lat - from.lat) * metersPerDegree;
  const east = (to.lon - from.lon) * metersPerDegree * Math.cos(radians(from.lat));
  const distance = Math.hypot(north, east);
  if (distance <= meters) return to;
  return offsetPosition(from, (north / distance) * meters, (east / distance) * meters);
}
