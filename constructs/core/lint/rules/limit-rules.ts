/** ROS service limits that synth does not enforce (ROS limits: https://www.alibabacloud.com/help/doc-detail/28854.htm; CreateStack: https://www.alibabacloud.com/help/doc-detail/132086.htm). */
import { Rule } from './rule';

/** CreateStack/CreateTemplate TemplateBody maximum. */
export const MAX_TEMPLATE_BYTES = 524_288;
/** CreateStack API limit; ros-cdk-core itself only stops at 300. */
export const MAX_RESOURCES = 200;

const bodySize: Rule = {
  id: 'FSC-LIM1',
  severity: 'error',
  description: `Template body exceeds ROS's ${MAX_TEMPLATE_BYTES}-byte limit.`,
  check: (ctx) => {
    // Minified size: the smallest body that could be sent, so an error here is certain.
    const bytes = Buffer.byteLength(JSON.stringify(ctx.template), 'utf8');
    if (bytes <= MAX_TEMPLATE_BYTES) return [];
    return [{
      message:
        `${ctx.templateName} is ${bytes} bytes minified, over ROS's ${MAX_TEMPLATE_BYTES}-byte TemplateBody limit: ` +
        `move inline code (Code.ZipFile) to OSS or split the stack.`,
    }];
  },
};

const resourceCount: Rule = {
  id: 'FSC-LIM2',
  severity: 'error',
  description: `More than ${MAX_RESOURCES} resources in one template.`,
  check: (ctx) => {
    const count = Object.keys(ctx.resources).length;
    if (count <= MAX_RESOURCES) return [];
    return [{
      message:
        `${ctx.templateName} has ${count} resources; ROS CreateStack accepts at most ${MAX_RESOURCES} ` +
        `(ros-cdk-core only stops at 300): split it into nested stacks.`,
    }];
  },
};

export const LIMIT_RULES: readonly Rule[] = [bodySize, resourceCount];
