/** Documented RAM actions of the services our constructs grant on, by RAM code (the part before ':'). */
import { CDN_ACTIONS } from './cdn';
import { FC_ACTIONS } from './fc';
import { IOT_ACTIONS } from './iot';
import { LOG_ACTIONS } from './log';
import { MNS_ACTIONS } from './mns';
import { MPUSH_ACTIONS } from './mpush';
import { OSS_ACTIONS, OSS_OPERATION_ACTIONS } from './oss';
import { OTS_ACTIONS } from './ots';

export const RAM_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  oss: OSS_ACTIONS, ots: OTS_ACTIONS, fc: FC_ACTIONS, cdn: CDN_ACTIONS, log: LOG_ACTIONS, mpush: MPUSH_ACTIONS, mns: MNS_ACTIONS, iot: IOT_ACTIONS,
};

/** For `service:Operation` that is an API operation but not an action: the action that authorizes it. */
export const AUTHORIZED_BY: Readonly<Record<string, Readonly<Record<string, string>>>> = { oss: OSS_OPERATION_ACTIONS };
