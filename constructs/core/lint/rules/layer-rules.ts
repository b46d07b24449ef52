/** FC3 function layers: official layers must support the function's runtime, and a function takes at most 5 layers. */
import { LintContext } from '../context';
import { OFFICIAL_LAYERS, OfficialLayer } from '../official-layers';
import { Hit, TemplateResource } from '../types';
import { Rule } from './rule';

/**
 * "A function can be configured with a maximum of five layers, including custom layers and official public layers."
 * https://www.alibabacloud.com/help/en/fc/user-guide/configure-custom-layers-for-a-function
 */
export const MAX_LAYERS = 5;

interface OfficialLayerRef {
  readonly index: number;
  readonly arn: string;
  readonly name: string;
  readonly version: number;
  /** Absent when the name or version is not in OFFICIAL_LAYERS. */
  readonly layer?: OfficialLayer;
}

/** Official layer ARN with a literal region or the deploying one: `acs:fc:<region>:official:layers/<name>/versions/<n>`. */
const OFFICIAL_ARN = /^acs:fc:(?:\{ALIYUN::Region\}|[a-z0-9-]+):official:layers\/([^/]+)\/versions\/(\d+)$/;

const layersOf = (fn: TemplateResource): unknown[] => (Array.isArray(fn.Properties?.Layers) ? fn.Properties.Layers : []);

function officialLayers(ctx: LintContext, fn: TemplateResource): OfficialLayerRef[] {
  return layersOf(fn).flatMap((value, index) => {
    const arn = ctx.canon(value);
    const match = OFFICIAL_ARN.exec(arn);
    if (!match) return [];
    const [, name, version] = match;
    const known: OfficialLayer | undefined = (OFFICIAL_LAYERS as Readonly<Record<string, OfficialLayer>>)[name];
    // Only the listed version is documented; another version's runtimes may differ.
    const layer = known?.version === Number(version) ? known : undefined;
    return [{ index, arn, name, version: Number(version), layer }];
  });
}

const FUNCTION = 'ALIYUN::FC3::Function';

const runtimeNotSupported: Rule = {
  id: 'FSC-LAYER1',
  severity: 'error',
  description: "FC3 function attaches an official layer whose compatible runtimes do not include the function's Runtime.",
  check: (ctx) =>
    ctx.ofType(FUNCTION).flatMap(([id, fn]) => {
      const runtime = fn.Properties?.Runtime;
      if (typeof runtime !== 'string') return [];
      return officialLayers(ctx, fn)
        .filter((ref) => ref.layer && !ref.layer.runtimes.includes(runtime))
        .map((ref): Hit => ({
          resource: id,
          path: `Properties.Layers[${ref.index}]`,
          // The FC error and its cause:
          // https://www.alibabacloud.com/help/en/functioncompute/fc/what-to-do-if-xxx-is-not-supported-by-layer-is-reported-for-a-function-layer
          message: `function ${id} has runtime ${runtime} but official layer ${ref.name} (${ref.arn}) supports only `
            + `${ref.layer?.runtimes.join(', ')}: FC rejects the function with "runtime: ${runtime} is not supported by layer". `
            + 'Use a compatible runtime or another layer.',
        }));
    }),
};

const unknownOfficialLayer: Rule = {
  id: 'FSC-LAYER2',
  severity: 'warning',
  description: 'FC3 function attaches an official layer name or version that the known layer table does not list (its runtimes cannot be checked).',
  check: (ctx) =>
    ctx.ofType(FUNCTION).flatMap(([id, fn]) =>
      officialLayers(ctx, fn)
        .filter((ref) => !ref.layer)
        .map((ref): Hit => ({
          resource: id,
          path: `Properties.Layers[${ref.index}]`,
          message: `official layer ${ref.name} version ${ref.version} (${ref.arn}) is not in OFFICIAL_LAYERS, so its compatible runtimes `
            + 'are unknown: check the name and version against the Function Compute public layer list.',
        }))),
};

const tooManyLayers: Rule = {
  id: 'FSC-LAYER3',
  severity: 'error',
  description: `FC3 function has more than ${MAX_LAYERS} layers.`,
  check: (ctx) =>
    ctx.ofType(FUNCTION)
      .filter(([, fn]) => layersOf(fn).length > MAX_LAYERS)
      .map(([id, fn]): Hit => ({
        resource: id,
        path: 'Properties.Layers',
        message: `function has ${layersOf(fn).length} layers; Function Compute allows at most ${MAX_LAYERS} per function `
          + '(custom and official together): merge layers or bundle the files into the code package.',
      })),
};

export const LAYER_RULES: readonly Rule[] = [runtimeNotSupported, unknownOfficialLayer, tooManyLayers];
