import * as ros from '@alicloud/ros-cdk-core';
import type * as fc3 from '@alicloud/ros-cdk-fc3';
import type { FunctionRuntime } from '../../runtime/shared/function-manifest';
import { officialLayerArn } from './lint/official-layers';
import { Validator } from './validation';

/** The FFmpeg 6.0 layer FC maintains; its binaries are in /opt/bin (awesome-fc/awesome-layers@7c90851 docs/FFmpeg6x/README.md). */
export const FFMPEG_LAYER = officialLayerArn('FFmpeg6x');

/**
 * custom.debian10 carries Node.js 20 at /var/fc/lang/nodejs20 without any layer
 * (https://help.aliyun.com/document_detail/132053.html); FC unpacks the code to /code and sends
 * invocations to the port given here (https://www.alibabacloud.com/help/en/functioncompute/fc/principles-1).
 */
const CUSTOM_RUNTIME: fc3.RosFunction.CustomRuntimeConfigProperty = {
  command: ['/var/fc/lang/nodejs20/bin/node'],
  args: ['/code/index.js'],
  port: 9000,
};

export interface RuntimeProperties {
  runtime: string;
  handler: string;
  customRuntimeConfig?: fc3.RosFunction.CustomRuntimeConfigProperty;
  layers?: string[];
  environment: Record<string, string>;
}

/**
 * What FC needs to know for each of our runtimes. `ffmpegLayer` replaces FFmpeg6x (a layer of your
 * own must list custom.debian10 and put ffmpeg and ffprobe in /opt/bin).
 */
export function runtimeProperties(runtime: FunctionRuntime, ffmpegLayer?: string): RuntimeProperties {
  if (runtime === 'nodejs20') return { runtime: 'nodejs20', handler: 'index.handler', environment: {} };
  return {
    runtime: 'custom.debian10',
    // FC ignores the handler of a custom runtime but requires one (https://www.alibabacloud.com/help/doc-detail/425057.htm).
    handler: 'index.handler',
    customRuntimeConfig: CUSTOM_RUNTIME,
    // FFmpeg only: the bundles need no SDK (OSS, Table Store, FC and CDN are clients of our own on node:https).
    layers: [ffmpegLayer ?? ros.Fn.sub(FFMPEG_LAYER)],
    environment: {},
  };
}

/** A user's `ffmpegLayerArn`: a layer version ARN (the official ones are `acs:fc:<region>:official:layers/<name>/versions/<n>`). */
export function validateFfmpegLayerArn(validator: Validator, value: string | undefined): void {
  const rule = 'must be a layer version ARN: acs:fc:<region>:<account or "official">:layers/<name>/versions/<n>';
  validator.matches('ffmpegLayerArn', value, /^acs:fc:[^:]*:[^:]*:layers\/[^/]+\/versions\/\d+$/, rule);
}
