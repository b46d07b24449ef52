/**
 * SDKs a function finds without bundling them, by runtime (see FunctionRuntime). The bundle build
 * leaves exactly these as `require` calls; anything else a bundle requires fails the build.
 */

/** Built into FC's nodejs20 runtime (https://help.aliyun.com/document_detail/58011.htm). */
export const NODEJS20_MODULES = [
  'ali-oss',
  'tablestore',
  '@alicloud/pop-core',
  '@alicloud/fc2',
  'aliyun-sdk',
  'ali-mns',
  'co',
  'gm',
  'body',
  'raw-body',
];

/**
 * In the official Nodejs-Aliyun-SDK layer v4, which lists custom.debian10 and is found through
 * NODE_PATH=/opt/nodejs/node_modules on custom runtimes (awesome-fc/awesome-layers@7c90851
 * docs/Nodejs-Aliyun-SDK/README.md and package.json). It has no @alicloud/pop-core.
 */
export const SDK_LAYER_MODULES = ['ali-oss', 'tablestore', '@alicloud/fc2', 'aliyun-sdk'];
export const SDK_LAYER_NODE_PATH = '/opt/nodejs/node_modules';

/** The static ffmpeg builds local runs may use; a function never reaches them (the layer is first). */
export const LOCAL_ONLY_MODULES = ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe'];
