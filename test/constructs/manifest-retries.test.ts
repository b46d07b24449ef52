/**
 * One manifest, one set of retries: what FC is configured with (the template's AsyncInvokeConfig)
 * and what the local runner does (LocalInvoker) agree for every function of every pattern.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import { DispatchSystem, MediaPipeline } from '../../constructs';
import { Template } from '../../constructs/testing';
import { createLocalDispatch, LOCAL_DISPATCH_FUNCTIONS } from '../../runtime/dispatch/local-dispatch';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../runtime/media/local-pipeline';
import type { LocalInvoker } from '../../runtime/shared/local/local-invoker';

const pascal = (key: string) => key[0].toUpperCase() + key.slice(1);

/** Retries and destination of each async function in the template, by manifest key. */
function cloudRetries(stack: ros.Stack, patternId: string, keys: string[]): Record<string, { retries: number; onFailure?: string }> {
  const configs = Template.fromStack(stack).findResources('ALIYUN::FC3::AsyncInvokeConfig');
  return Object.fromEntries(
    keys.flatMap((key) => {
      const config = configs[`${patternId}${pascal(key)}AsyncConfig`];
      if (!config) return [];
      const props = config.Properties as { MaxAsyncRetryAttempts: number; DestinationConfig?: unknown };
      const destination = JSON.stringify(props.DestinationConfig ?? null);
      const onFailure = keys.find((k) => destination.includes(`${patternId}${pascal(k)}Function`));
      return [[key, { retries: props.MaxAsyncRetryAttempts, ...(onFailure ? { onFailure } : {}) }]];
    }),
  );
}

function localRetries(invoker: LocalInvoker, names: Record<string, string>): Record<string, { retries: number; onFailure?: string }> {
  const registered = (invoker as unknown as { functions: Map<string, { maxRetries: number; onFailure?: string }> }).functions;
  const keyOf = (name: string) => Object.keys(names).find((k) => names[k] === name);
  return Object.fromEntries(
    Object.entries(names).flatMap(([key, name]) => {
      const fn = registered.get(name);
      if (!fn) return [];
      return [[key, { retries: fn.maxRetries, ...(fn.onFailure ? { onFailure: keyOf(fn.onFailure) } : {}) }]];
    }),
  );
}

const newStack = () => new ros.Stack(new ros.App(), 'S', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });

test.each([undefined, 0, 5])('MediaPipeline with maxRetries %s: local retries are the template\'s', (maxRetries) => {
  const stack = newStack();
  // With a completion destination, so every function of the manifest is in the template.
  const completion = { topic: { topicName: 'media-done' } };
  const media = new MediaPipeline(stack, 'Media', maxRetries === undefined ? { completion } : { maxRetries, completion });
  const local = createLocalPipeline({ workDir: path.join(os.tmpdir(), 'fsc-manifest'), settings: media.settings, maxRetries });
  const cloud = cloudRetries(stack, 'Media', Object.keys(LOCAL_FUNCTIONS));
  expect(Object.keys(cloud).sort()).toEqual(['completionNotifier', 'failureHandler', 'planner', 'reaper', 'transcoder']);
  expect(localRetries(local.invoker, LOCAL_FUNCTIONS)).toEqual(cloud);
});

test.each([
  [undefined, undefined],
  [1, 9],
  [6, 2],
])('DispatchSystem with maxRetries %s, maxSendAttempts %s: local retries are the template\'s', (maxRetries, maxSendAttempts) => {
  const stack = newStack();
  const dispatch = new DispatchSystem(stack, 'Dispatch', {
    push: { appKey: '333123456' },
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(maxSendAttempts ? { maxSendAttempts } : {}),
  });
  const local = createLocalDispatch({ settings: dispatch.settings, maxRetries });
  const cloud = cloudRetries(stack, 'Dispatch', Object.keys(LOCAL_DISPATCH_FUNCTIONS));
  // The API is synchronous (API Gateway waits for it): no async config, nothing registered locally.
  expect(Object.keys(cloud).sort()).toEqual(['failureHandler', 'notifier', 'offerSweeper']);
  expect(localRetries(local.invoker, LOCAL_DISPATCH_FUNCTIONS)).toEqual(cloud);
});
