import * as ros from '@alicloud/ros-cdk-core';

/** What the tests read of a stack's artifact: its template, and the messages (warnings, errors) synthesis recorded. */
export interface SynthesizedStack {
  readonly template: unknown;
  readonly messages: ReadonlyArray<{ readonly level: string; readonly id: string; readonly entry: { readonly data?: unknown } }>;
}

/**
 * The stack's artifact as the stack is now: its Stage/App synthesized again (ROS CDK's `synth()` keeps its first assembly
 * and has no `force` option, so that cache is dropped first), so a resource or a stack added after an earlier call is in it.
 */
export function synthesizeStack(stack: ros.Stack): SynthesizedStack {
  const stage = ros.Stage.of(stack);
  if (!stage) throw new Error(`Stack "${stack.node.path}" is not inside an App or Stage, so it cannot be synthesized`);
  (stage as unknown as { assembly?: unknown }).assembly = undefined;
  return stage.synth().getStackArtifact(stack.artifactId);
}
