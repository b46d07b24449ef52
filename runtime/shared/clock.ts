import type { Clock } from './ports';

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock tests move by hand. */
export class FixedClock implements Clock {
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  set(time: number): void {
    this.time = time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
