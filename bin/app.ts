/** The example app (cdk.json "app"): one stack per scenario, built from the library's constructs. */
import * as ros from '@alicloud/ros-cdk-core';
import { MediaStack } from '../lib/media-stack';

/** Pinned so asset locations (and so templates) are identical on every synth and machine. */
export const SYNTH_QUALIFIER = 'fscdemo';

export function buildApp(outdir?: string): ros.App {
  const app = new ros.App(outdir ? { outdir } : {});
  const synthesizer = () => new ros.DefaultStackSynthesizer({ qualifier: SYNTH_QUALIFIER });
  new MediaStack(app, 'MediaStack', { synthesizer: synthesizer() });
  return app;
}

if (require.main === module) buildApp().synth();
