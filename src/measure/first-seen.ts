/**
 * The first value something reported, and the waiters for it: a start's "healthy", "matched"
 * or "died" arrives once from a reader callback and is awaited by the race, whichever comes first.
 */
export class FirstSeen<T> {
  private value: { v: T } | undefined;
  private waiters: ((v: T) => void)[] = [];

  seen(): boolean {
    return this.value !== undefined;
  }

  get(): T | undefined {
    return this.value?.v;
  }

  mark(v: T): void {
    if (this.value !== undefined) return;
    this.value = { v };
    for (const w of this.waiters) w(v);
    this.waiters = [];
  }

  wait(): Promise<T> {
    const got = this.value;
    return got !== undefined ? Promise.resolve(got.v) : new Promise((resolve) => this.waiters.push(resolve));
  }
}
