import * as ros from '@alicloud/ros-cdk-core';
import { IotIngest } from '../constructs';

/** The example IoT stack (content part so far): the posts API, the stream indexer and its search index. */
export class IotStack extends ros.Stack {
  readonly iot: IotIngest;

  constructor(scope: ros.Construct, id: string, props: ros.StackProps = {}) {
    super(scope, id, { description: 'fc-solution-constructs example: IotIngest (content part)', ...props });
    this.iot = new IotIngest(this, 'Iot');
  }
}
