import * as ros from '@alicloud/ros-cdk-core';
import { DispatchSystem } from '../constructs';

/** The example dispatch stack: APIs behind app authorization, Mobile Push notifications. */
export class DispatchStack extends ros.Stack {
  readonly dispatch: DispatchSystem;

  constructor(scope: ros.Construct, id: string, props: ros.StackProps = {}) {
    super(scope, id, { description: 'fc-solution-constructs example: DispatchSystem', ...props });
    this.dispatch = new DispatchSystem(this, 'Dispatch', { push: { appKey: '333123456' } });
  }
}
