export const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

/**
 * Runs writes with at most `limit` in flight. add() waits for a free slot; the first failure is thrown by the next
 * add() or by drain(), which always waits for every write started (none runs on after the import returns).
 */
export class WritePipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(work: () => Promise<void>): Promise<void> {
    this.check();
    const run = work().catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    while (this.running.size >= this.limit) await Promise.race(this.running);
    this.check();
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }
}
