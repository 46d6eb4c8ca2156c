// Fault injection: rules answer a route with an error, a dropped connection or a delay.

export interface FaultRule {
  /** A route key such as "POST /openai/files" or "GET /openai/files/{id}", or "*" for every route. */
  route: string;
  /** Answer this status with the vendor's error body instead of performing the operation. */
  status?: number;
  /** Sent as the `retry-after-ms` header. */
  retryAfterMs?: number;
  /** Sent as the `retry-after` header. */
  retryAfterSeconds?: number;
  /** Destroy the connection without answering, before the operation runs. */
  drop?: boolean;
  /**
   * Perform the operation, then answer `status` or `drop` in place of its answer (whatever that
   * was): the service did the work but the client never learns it, as when a response is lost.
   */
  after?: boolean;
  /** Delay the answer. */
  latencyMs?: number;
  /** How many matching requests the rule serves; default 1, `Infinity` allowed. */
  times?: number;
}

export interface FaultsOptions {
  rules?: readonly FaultRule[];
  /** Delay every answer on a route (key as in FaultRule.route, "*" for all). */
  routeLatencyMs?: Readonly<Record<string, number>>;
  /** Route keys that exist; when given, rules naming another route are refused. */
  knownRoutes?: readonly string[];
}

export const ANY_ROUTE = "*";

export type InterceptPoint = "before" | "after";

/**
 * A test's hook around every operation, e.g. to kill a client at an exact moment: called before the operation runs
 * (answer "drop" to drop the connection without running it) and after it ran, before its answer goes out (the
 * answer waits until the hook has settled). `request` is the same object at both points of one request.
 */
export type Interceptor = (
  routeKey: string,
  point: InterceptPoint,
  request: object,
) => "drop" | undefined | Promise<"drop" | undefined>;

export class Faults {
  /** How many requests a rule has been applied to. */
  served = 0;
  interceptor?: Interceptor;
  private readonly rules: { rule: FaultRule; remaining: number }[] = [];
  private readonly routeLatencyMs: Readonly<Record<string, number>>;
  private readonly knownRoutes?: ReadonlySet<string>;

  constructor(options: FaultsOptions = {}) {
    this.routeLatencyMs = options.routeLatencyMs ?? {};
    this.knownRoutes = options.knownRoutes && new Set(options.knownRoutes);
    for (const [route, ms] of Object.entries(this.routeLatencyMs)) {
      this.checkRoute(route);
      if (!isNonNegative(ms)) throw new Error(`routeLatencyMs["${route}"] must be a number >= 0.`);
    }
    for (const rule of options.rules ?? []) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.checkRoute(rule.route);
    const times = rule.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
      throw new Error(`Fault for ${rule.route}: times must be a positive integer or Infinity.`);
    }
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400)) {
      throw new Error(`Fault for ${rule.route}: status must be an HTTP error status (400-599).`);
    }
    if (rule.status !== undefined && rule.drop) {
      throw new Error(`Fault for ${rule.route}: choose status or drop, not both.`);
    }
    if (rule.after && rule.status === undefined && !rule.drop) {
      throw new Error(`Fault for ${rule.route}: after needs status or drop to answer with.`);
    }
    if (rule.status === undefined && !rule.drop && rule.latencyMs === undefined) {
      throw new Error(`Fault for ${rule.route}: set status, drop or latencyMs.`);
    }
    this.rules.push({ rule, remaining: times });
  }

  /** Removes every rule; route latencies stay. */
  clear(): void {
    this.rules.length = 0;
  }

  /** Rules still waiting to be served, in order. */
  get pending(): readonly FaultRule[] {
    return this.rules.map(({ rule }) => rule);
  }

  /** The first rule matching the route, counting it as served once. */
  take(routeKey: string): FaultRule | undefined {
    const index = this.rules.findIndex(
      ({ rule }) => rule.route === routeKey || rule.route === ANY_ROUTE,
    );
    const entry = this.rules[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.rules.splice(index, 1);
    this.served += 1;
    return entry.rule;
  }

  async intercept(
    routeKey: string,
    point: InterceptPoint,
    request: object,
  ): Promise<"drop" | undefined> {
    return this.interceptor ? await this.interceptor(routeKey, point, request) : undefined;
  }

  latencyFor(routeKey: string): number {
    return this.routeLatencyMs[routeKey] ?? this.routeLatencyMs[ANY_ROUTE] ?? 0;
  }

  private checkRoute(route: string): void {
    if (route === ANY_ROUTE || !this.knownRoutes || this.knownRoutes.has(route)) return;
    const known = [...this.knownRoutes].join(", ");
    throw new Error(`Unknown route key "${route}"; use "*" or one of: ${known}.`);
  }
}

const isNonNegative = (n: number) => Number.isFinite(n) && n >= 0;
