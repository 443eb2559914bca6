/**
 * Skips a provider/model that keeps failing (SPEC §8): after `threshold` consecutive retryable
 * failures it is open for `cooldownMs`, then one request may try it again (half-open); a success
 * closes it.
 */
interface State {
  failures: number;
  openUntil: number;
}

export class CircuitBreaker {
  private readonly states = new Map<string, State>();

  constructor(private readonly threshold = 5, private readonly cooldownMs = 30_000) {}

  isOpen(id: string, now = Date.now()): boolean {
    const s = this.states.get(id);
    if (!s || s.openUntil === 0) return false;
    if (now >= s.openUntil) {
      // Half-open: let the next request through; a failure re-opens for another cool-down.
      s.openUntil = 0;
      s.failures = this.threshold - 1;
      return false;
    }
    return true;
  }

  success(id: string): void {
    this.states.delete(id);
  }

  failure(id: string, now = Date.now()): void {
    const s = this.states.get(id) ?? { failures: 0, openUntil: 0 };
    s.failures++;
    if (s.failures >= this.threshold) s.openUntil = now + this.cooldownMs;
    this.states.set(id, s);
  }
}
