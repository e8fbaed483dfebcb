import type { Waiver } from '../contract/schema.js';

/** A waiver applies through the whole of its `expires` day (UTC) and stops the day after. */
export function isWaiverExpired(waiver: Waiver, now: Date): boolean {
  const lastDay = Date.parse(`${waiver.expires}T23:59:59.999Z`);
  return now.getTime() > lastDay;
}
