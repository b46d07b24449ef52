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
 * Nothing is provided to the custom runtime (the ffmpeg functions): no SDK layer is attached, because no bundle needs
 * one (OSS, Table Store, FC and CDN are clients of our own); the build fails a bundle that requires anything.
 */
export const CUSTOM_RUNTIME_MODULES: string[] = [];

/** The static ffmpeg builds local runs may use; a function never reaches them (the layer is first). */
export const LOCAL_ONLY_MODULES = ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe'];
