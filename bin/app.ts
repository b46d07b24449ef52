/** The example app (cdk.json "app"): one stack per scenario, built from the library's constructs. */
import * as ros from '@alicloud/ros-cdk-core';
import { DispatchStack } from '../lib/dispatch-stack';
import { MediaStack } from '../lib/media-stack';

/** Pinned so asset locations (and so templates) are identical on every synth and machine. */
export const SYNTH_QUALIFIER = 'fscdemo';

/**
 * ROS CDK records a JavaScript stack trace for every token it creates, only to explain token
 * errors; off, a synth takes about half the time (see `npm run bench`).
 */
export const APP_PROPS: ros.AppProps = { stackTraces: false };

export function buildApp(outdir?: string): ros.App {
  const app = new ros.App({ ...APP_PROPS, ...(outdir ? { outdir } : {}) });
  const synthesizer = () => new ros.DefaultStackSynthesizer({ qualifier: SYNTH_QUALIFIER });
  new MediaStack(app, 'MediaStack', { synthesizer: synthesizer() });
  new DispatchStack(app, 'DispatchStack', { synthesizer: synthesizer() });
  return app;
}

if (require.main === module) buildApp().synth();
