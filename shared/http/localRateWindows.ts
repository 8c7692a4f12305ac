/**
 * One container's view of approximate rate windows (issue 17): for each (tenant, subject, class,
 * window), the count DynamoDB last returned (`synced`) and the requests this container admitted
 * since without telling DynamoDB (`pending`). A Lambda container serves one request at a time; the
 * local server shares one instance among concurrent requests, which is still correct because every
 * change happens synchronously between awaits.
 */
export interface LocalWindow {
  synced: number;
  pending: number;
  /** Requests on their way to DynamoDB in an UpdateItem not yet answered (concurrent requests, local server). */
  inflight: number;
  /** Epoch seconds when the window ends; the entry is dropped after. */
  endsAt: number;
}

/** Sweep expired windows once the map holds this many entries. */
const SWEEP_AT = 5_000;

export class LocalRateWindows {
  private readonly windows = new Map<string, LocalWindow>();

  /** The window of `key`, created empty when first seen. */
  window(key: string, endsAt: number, nowSeconds: number): LocalWindow {
    let entry = this.windows.get(key);
    if (!entry) {
      if (this.windows.size >= SWEEP_AT) this.sweep(nowSeconds);
      entry = { synced: 0, pending: 0, inflight: 0, endsAt };
      this.windows.set(key, entry);
    }
    return entry;
  }

  get size(): number {
    return this.windows.size;
  }

  private sweep(nowSeconds: number): void {
    for (const [key, entry] of this.windows) if (entry.endsAt <= nowSeconds) this.windows.delete(key);
  }
}

/**
 * Whether an approximate read must tell DynamoDB now, pure so it can be tested alone. A container syncs
 * when its unsynced requests reach a tenth of the limit (so other containers learn of them), and on
 * every request once its estimate passes half the limit (so refusals are decided on the shared count).
 * Far from the limit, nine reads in ten cost nothing.
 */
export function mustSync(window: Pick<LocalWindow, 'synced' | 'pending' | 'inflight'>, limit: number): boolean {
  const estimate = window.synced + window.inflight + window.pending;
  return window.pending >= syncBatch(limit) || estimate * 2 > limit;
}

/** Unsynced requests a container may hold per window: a tenth of the limit, at least 1. */
export function syncBatch(limit: number): number {
  return Math.max(1, Math.floor(limit / 10));
}
