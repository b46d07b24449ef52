import * as ros from '@alicloud/ros-cdk-core';
import { LiveMuxCluster } from '../constructs';

/** The example live stack: co-host rooms on two ApsaraVideo Live domains, mixed by Function Compute. */
export class LiveStack extends ros.Stack {
  readonly live: LiveMuxCluster;

  constructor(scope: ros.Construct, id: string, props: ros.StackProps = {}) {
    super(scope, id, { description: 'fc-solution-constructs example: LiveMuxCluster', ...props });
    this.live = new LiveMuxCluster(this, 'Live', { ingestDomain: 'push.example.com', playDomain: 'live.example.com' });
  }
}
