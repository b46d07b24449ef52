/** The example app: one stack per scenario, built from the library's constructs. */
import * as ros from '@alicloud/ros-cdk-core';
import { DispatchStack } from './dispatch-stack';
import { IotStack } from './iot-stack';
import { LiveStack } from './live-stack';
import { MediaStack } from './media-stack';

/** Pinned so asset locations (and so templates) are identical on every synth and machine. */
export const SYNTH_QUALIFIER = 'fscdemo';

/**
 * ROS CDK records a JavaScript stack trace for every token it creates, only to explain token
 * errors; off, a synth takes about half the time (see `npm run bench`).
 */
export const APP_PROPS: ros.AppProps = { stackTraces: false };

/** The example stacks, by stack name: a new pattern's example joins this list. */
export const EXAMPLE_STACKS = { MediaStack, DispatchStack, IotStack, LiveStack } as const;

export function buildApp(outdir?: string): ros.App {
  const app = new ros.App({ ...APP_PROPS, ...(outdir ? { outdir } : {}) });
  for (const [name, Stack] of Object.entries(EXAMPLE_STACKS)) {
    new Stack(app, name, { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: SYNTH_QUALIFIER }) });
  }
  return app;
}
