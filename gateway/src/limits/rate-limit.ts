import { RateLimitedError } from "@hub/common";

/**
 * Token bucket per actor (token `sub`): `perSecond` sustained, `burst` at once. In memory per gateway process;
 * behind a load balancer each process enforces its share.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perSecond: number, private readonly burst: number) {}

  take(actor: string, now = Date.now()): void {
    const b = this.buckets.get(actor) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) {
      this.buckets.set(actor, b);
      throw new RateLimitedError("too many requests for this caller", Math.ceil((1 - b.tokens) / this.perSecond));
    }
    b.tokens -= 1;
    this.buckets.set(actor, b);
    if (this.buckets.size > 100_000) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
