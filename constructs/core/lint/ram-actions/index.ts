/** Documented RAM actions of the services our constructs grant on, by RAM code (the part before ':'). */
import { CDN_ACTIONS } from './cdn';
import { FC_ACTIONS } from './fc';
import { IOT_ACTIONS } from './iot';
import { KMS_ACTIONS } from './kms';
import { LOG_ACTIONS } from './log';
import { MNS_ACTIONS } from './mns';
import { MPUSH_ACTIONS } from './mpush';
import { OOS_ACTIONS } from './oos';
import { OSS_ACTIONS, OSS_OPERATION_ACTIONS } from './oss';
import { OTS_ACTIONS } from './ots';

export const RAM_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  oss: OSS_ACTIONS, ots: OTS_ACTIONS, fc: FC_ACTIONS, cdn: CDN_ACTIONS, log: LOG_ACTIONS, mpush: MPUSH_ACTIONS, mns: MNS_ACTIONS, iot: IOT_ACTIONS,
  oos: OOS_ACTIONS, kms: KMS_ACTIONS,
};

/**
 * Services whose whole action table we read. For the others the lists come from API operation
 * names or older copies of the docs (each file says what it may miss), so an action missing from
 * them is a warning (FSC-RAM3) rather than an error.
 */
export const COMPLETE_ACTION_LISTS: ReadonlySet<string> = new Set(['oss']);

/** For `service:Operation` that is an API operation but not an action: the action that authorizes it. */
export const AUTHORIZED_BY: Readonly<Record<string, Readonly<Record<string, string>>>> = { oss: OSS_OPERATION_ACTIONS };
