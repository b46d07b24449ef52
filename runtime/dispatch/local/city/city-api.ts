export interface Reply {
  status: number;
  body: any;
}

/** The apps' HTTP client: counts requests, and answers other than 2xx by route. */
export class CityApi {
  requests = 0;
  serverErrors = 0;
  readonly refusals: Record<string, number> = {};

  constructor(private readonly base: string) {}

  /** `route` names the API for the refusal count; undefined when the caller counts the answer itself. */
  async call(method: string, path: string, route: string | undefined, body?: unknown): Promise<Reply> {
    this.requests++;
    const res = await fetch(this.base + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const reply = { status: res.status, body: text ? JSON.parse(text) : undefined };
    if (res.status >= 500) this.serverErrors++;
    if (route && res.status >= 300) this.refused(route, res.status);
    return reply;
  }

  refused(route: string, status: number): void {
    this.refusals[`${route} ${status}`] = (this.refusals[`${route} ${status}`] ?? 0) + 1;
  }

  /** A call that must answer `status` (setting up, auditing). */
  async expect(status: number, method: string, path: string, body?: unknown): Promise<Reply> {
    const reply = await this.call(method, path, undefined, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply;
  }
}
