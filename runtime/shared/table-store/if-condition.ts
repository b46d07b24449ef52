/** Conditional writes whose failed condition is an answer, not an error. */
import { ConditionFailedError } from '../ports';

/** Table Store's OTSConditionCheckFail, from either adapter (or a copy of ConditionFailedError from another bundle). */
export function isConditionFailed(err: unknown): boolean {
  return err instanceof ConditionFailedError || (err as { code?: unknown } | null)?.code === 'OTSConditionCheckFail';
}

/** Runs a conditional write: true when it was written, false when its condition did not hold; other errors propagate. */
export async function ifCondition(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionFailed(err)) return false;
    throw err;
  }
}
