/**
 * Progress on stderr (never stdout): `bar` redraws one line in place (points
 * and runs done, simulated requests per second over all workers, ETA), a few
 * times a second, also inside a long run — the workers publish their
 * arrivals so far every 2^16 events; `plain` prints a line at every tenth of
 * the runs and at least every 10 s while something runs (logs, CI); `none`.
 */
export type ProgressStyle = 'bar' | 'plain' | 'none';

export interface ProgressTotals {
  readonly runs: number;
  readonly points: number;
  /** Expected arrivals of all runs (rate × (warmup + duration)), for the ETA. */
  readonly arrivals: number;
}

const BAR_MS = 200;
const PLAIN_MS = 10_000;

function fmtRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)} k`;
  return x.toFixed(0);
}

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export class Progress {
  readonly #style: ProgressStyle;
  readonly #label: string;
  readonly #totals: ProgressTotals;
  readonly #pointsDone: () => number;
  #runs = 0;
  #arrivalsDone = 0;
  #inFlight: () => number = () => 0;
  #t0 = 0;
  #timer: NodeJS.Timeout | null = null;
  #lastDecile = -1;
  #lastPlain = 0;
  #drawn = false;

  constructor(style: ProgressStyle, label: string, totals: ProgressTotals, pointsDone: () => number) {
    this.#style = style;
    this.#label = label;
    this.#totals = totals;
    this.#pointsDone = pointsDone;
  }

  /** Start the clock; `inFlight` sums the running tasks' arrivals so far. */
  start(inFlight: () => number): void {
    this.#inFlight = inFlight;
    this.#t0 = Date.now();
    this.#lastPlain = this.#t0;
    if (this.#style === 'none') return;
    this.#timer = setInterval(() => this.#tick(), this.#style === 'bar' ? BAR_MS : 1000);
    this.#timer.unref();
  }

  taskDone(arrivals: number): void {
    this.#runs++;
    this.#arrivalsDone += arrivals;
    if (this.#style === 'plain') {
      const decile = Math.floor((this.#runs / Math.max(1, this.#totals.runs)) * 10);
      if (decile !== this.#lastDecile) {
        this.#lastDecile = decile;
        this.#plain();
      }
    } else if (this.#style === 'bar') this.#bar();
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#style === 'bar' && this.#drawn) {
      this.#bar();
      process.stderr.write('\n');
    }
  }

  #line(): string {
    const s = (Date.now() - this.#t0) / 1000;
    const simulated = this.#arrivalsDone + this.#inFlight();
    const rate = s > 0 ? simulated / s : 0;
    const left = Math.max(0, this.#totals.arrivals - simulated);
    const eta = this.#runs === this.#totals.runs ? 'done' : `ETA ${rate > 0 ? fmtDuration(left / rate) : '?'}`;
    return `${this.#label}: ${this.#pointsDone()}/${this.#totals.points} points, ${this.#runs}/${this.#totals.runs} runs, ${fmtRate(rate)} req/s, ${eta}`;
  }

  #tick(): void {
    if (this.#style === 'bar') this.#bar();
    else if (Date.now() - this.#lastPlain >= PLAIN_MS) this.#plain();
  }

  #bar(): void {
    this.#drawn = true;
    process.stderr.write(`\r\u001b[2K${this.#line()}`);
  }

  #plain(): void {
    this.#lastPlain = Date.now();
    process.stderr.write(`${this.#line()}\n`);
  }
}
