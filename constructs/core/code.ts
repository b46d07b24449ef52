import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import { readBundle } from './bundles';

/** ROS rejects template bodies over 512 KB. */
export const TEMPLATE_LIMIT_BYTES = 524288;
/** Base64 code a stack may embed; the rest of the body keeps the remaining ~112 KB. */
export const INLINE_CODE_BUDGET_BYTES = 400 * 1024;

const inlineBytes = new WeakMap<ros.Stack, number>();

/**
 * A function's code: embedded in the template as `Code.ZipFile` so a deploy needs nothing else
 * uploaded, until the stack's embedded code would push the template past ROS's 512 KB limit; from
 * then on the bundle becomes an OSS file asset (uploaded by `ros-cdk deploy`), with a warning.
 */
export function functionCode(scope: ros.Construct, entry: string, budget = INLINE_CODE_BUDGET_BYTES): fc3.RosFunction.CodeProperty {
  const stack = ros.Stack.of(scope);
  const bundle = readBundle(entry);
  const base64 = bundle.zip.toString('base64');
  const used = inlineBytes.get(stack) ?? 0;
  if (used + base64.length <= budget) {
    inlineBytes.set(stack, used + base64.length);
    return { zipFile: base64 };
  }
  const asset = stack.synthesizer.addFileAsset({
    fileName: bundle.path,
    packaging: ros.FileAssetPackaging.FILE,
    sourceHash: bundle.info.sha256,
  });
  scope.node.addWarning(
    `${entry}: embedding its ${Math.ceil(base64.length / 1024)} KB of code would take stack '${stack.stackName}' past ROS's ` +
      `512 KB template limit (${Math.ceil(used / 1024)} KB of code already embedded), so it is an OSS asset instead: ` +
      `\`ros-cdk deploy\` uploads it to ${asset.bucketName}/${asset.objectKey}. Split the stack to keep code embedded.`,
  );
  return { ossBucketName: asset.bucketName, ossObjectName: asset.objectKey };
}
