/**
 * Progress of a long export on stderr: a live `count/total (pct)` line on a terminal, one line
 * per page when stderr is a file or pipe (no carriage-return noise in logs), nothing for an
 * export that fits in one page.
 */
export class ExportProgress {
  private count = 0;
  private lastDraw = 0;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly pageSize: number,
    private readonly now: () => number = Date.now,
  ) {}

  get exported(): number {
    return this.count;
  }

  add(rows: number): void {
    this.count += rows;
    if (this.total <= this.pageSize) return;
    if (this.out.isTTY) {
      // Redraw at most ten times a second; the last page always draws.
      if (this.count < this.total && this.now() - this.lastDraw < 100) return;
      this.lastDraw = this.now();
      this.out.write(`\rexporting receipts: ${this.line()}`);
    } else {
      this.out.write(`exporting receipts: ${this.line()}\n`);
    }
  }

  finish(): void {
    if (this.out.isTTY && this.total > this.pageSize) this.out.write('\n');
  }

  private line(): string {
    const pct = this.total === 0 ? 100 : Math.floor((this.count * 100) / this.total);
    return `${this.count}/${this.total} (${pct}%)`;
  }
}
