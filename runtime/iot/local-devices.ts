/**
 * The device part of IotIngest on local adapters, wired the way the construct wires it in FC: the
 * device-status function gets MNS topic trigger events; its deferred checks are delayed invocations
 * of the transition check on the LocalInvoker (FC's retries, then the failure handler); pushes go to
 * LocalPush. Tables may be shared with the content part (one instance, as in the cloud).
 */
import { SystemClock } from '../shared/clock';
import type { FcContext } from '../shared/context';
import type { LogWriter } from '../shared/log';
import { localContexts } from '../shared/local/local-context';
import { LocalInvoker } from '../shared/local/local-invoker';
import { LocalPush } from '../shared/local/local-push';
import { localFunctionNames, registerManifestFunctions } from '../shared/local/register-functions';
import { MemoryTableStore } from '../shared/local/table-store/memory-table-store';
import type { Clock, TableStore } from '../shared/ports';
import type { DeviceDeps } from './devices/deps';
import { createDeviceApi } from './devices/device-api';
import { createDeviceFailureHandler } from './devices/device-failure';
import { createDeviceStatusHandler } from './devices/device-status';
import { createTransitionCheck } from './devices/transition-check';
import { IOT_DEFAULT_RETRIES, IOT_FUNCTIONS, type IotSettings } from './settings';

export const LOCAL_DEVICE_FUNCTIONS = localFunctionNames('iot', {
  transitionCheck: IOT_FUNCTIONS.transitionCheck,
  deviceFailure: IOT_FUNCTIONS.deviceFailure,
});

export interface LocalDevicesOptions {
  settings: IotSettings;
  clock?: Clock;
  log?: LogWriter;
  store?: TableStore;
  invoker?: LocalInvoker;
  push?: LocalPush;
  maxRetries?: number;
}

export interface LocalDevices {
  deps: DeviceDeps;
  store: TableStore;
  invoker: LocalInvoker;
  push: LocalPush;
  /** The MNS-triggered device-status function. */
  status: ReturnType<typeof createDeviceStatusHandler>;
  check: ReturnType<typeof createTransitionCheck>;
  api: ReturnType<typeof createDeviceApi>;
  context(functionName: string, requestId?: string): FcContext;
}

export function createLocalDevices(options: LocalDevicesOptions): LocalDevices {
  const clock = options.clock ?? new SystemClock();
  const store = options.store ?? new MemoryTableStore();
  const invoker = options.invoker ?? new LocalInvoker({ concurrency: 2, clock });
  const push = options.push ?? new LocalPush();
  const deps: DeviceDeps = {
    settings: options.settings,
    store,
    invoker,
    checkFunction: LOCAL_DEVICE_FUNCTIONS.transitionCheck,
    push,
    clock,
    log: options.log ?? (() => undefined),
  };
  const check = createTransitionCheck(deps);
  registerManifestFunctions(
    invoker,
    'iot',
    { transitionCheck: IOT_FUNCTIONS.transitionCheck, deviceFailure: IOT_FUNCTIONS.deviceFailure },
    { transitionCheck: check, deviceFailure: createDeviceFailureHandler(deps) },
    { maxRetries: options.maxRetries ?? IOT_DEFAULT_RETRIES, maxSendAttempts: options.settings.devices.maxSendAttempts },
  );
  return { deps, store, invoker, push, status: createDeviceStatusHandler(deps), check, api: createDeviceApi(deps), context: localContexts() };
}
