/**
 * A spending cap for one command (--max-cost): a call starts only if what was
 * spent, plus the estimates of the calls in flight, plus its own estimate,
 * stays within the cap. What finished is kept; the rest is not started.
 */
export class Budget {
  private spent = 0;
  private reserved = 0;

  constructor(readonly maxUsd: number) {}

  /** Reserve a call's estimated cost; false when it would go over the cap. */
  tryReserve(estimateUsd: number): boolean {
    if (this.spent + this.reserved + estimateUsd > this.maxUsd) return false;
    this.reserved += estimateUsd;
    return true;
  }

  /** The call finished: release its estimate and count what it actually cost. */
  settle(estimateUsd: number, actualUsd: number): void {
    this.reserved -= estimateUsd;
    this.spent += actualUsd;
  }

  get spentUsd(): number {
    return this.spent;
  }
}
