import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import { PatternFunction } from './function';

/** A timer trigger (FC 3.0 timer triggers invoke asynchronously, so the function's async config applies). */
export function timerTrigger(scope: ros.Construct, id: string, fn: PatternFunction, cronExpression: string, payload = '{}'): fc3.RosTrigger {
  return new fc3.RosTrigger(
    scope,
    id,
    {
      functionName: fn.functionName,
      triggerName: 'timer',
      triggerType: 'timer',
      description: `Runs ${cronExpression}`,
      triggerConfig: { cronExpression, enable: true, payload },
    },
    true,
  );
}
