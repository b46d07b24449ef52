import * as ros from '@alicloud/ros-cdk-core';
import { IotIngest } from '../constructs';

/** The example IoT stack: the content API with its stream indexer and search index, and devices to owners' phones. */
export class IotStack extends ros.Stack {
  readonly iot: IotIngest;

  constructor(scope: ros.Construct, id: string, props: ros.StackProps = {}) {
    super(scope, id, { description: 'fc-solution-constructs example: IotIngest', ...props });
    this.iot = new IotIngest(this, 'Iot', { push: { appKey: '333123456' } });
  }
}
