/** The run's timers and requests, so it can tell when it is quiet and stop cleanly. */
export class Tasks {
  readonly failures: unknown[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  later(ms: number, fn: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(fn);
    }, ms);
    this.timers.add(timer);
  }

  run(fn: () => Promise<unknown>): void {
    const task: Promise<void> = fn().then(
      () => undefined,
      (err: unknown) => void this.failures.push(err),
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  idle(): boolean {
    return this.timers.size === 0 && this.running.size === 0;
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
