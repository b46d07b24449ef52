/**
 * Marginal synth cost of one more MediaPipeline, in this process after a warm-up:
 * (t(20 pipelines) - t(1 pipeline)) / 19, where t is building the app and `app.synth()`.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { APP_PROPS, SYNTH_QUALIFIER } from '../lib/app';
import { MediaPipeline } from '../constructs';
import { Figure, formatMs, median, removeDir, repeat, RUNS, tempDir, timeMs } from './stats';

export const MARGINAL_TARGET_MS = 20;
export const MANY = 20;
/**
 * Resources per stack we pack pipelines up to: ROS's quota per stack (CreateStack API: https://www.alibabacloud.com/help/doc-detail/132086.htm);
 * ros-cdk-core itself only throws above 300.
 */
export const STACK_RESOURCE_LIMIT = 200;

interface AppShape {
  pipelines: number;
  perStack: number;
  appProps: ros.AppProps;
}

interface SynthRun {
  ms: number;
  stacks: number;
  resources: number;
  functions: number;
  /** Functions whose code went to an OSS asset because the stack's inline code budget ran out. */
  assetFunctions: number;
}

/** `pipelines` MediaPipelines, `perStack` to a stack, synthesized into a fresh folder. */
function synthPipelines({ pipelines, perStack, appProps }: AppShape): SynthRun {
  const outdir = tempDir('marginal');
  try {
    const { result: assembly, ms } = timeMs(() => {
      const app = new ros.App({ ...appProps, outdir });
      let stack: ros.Stack | undefined;
      for (let i = 0; i < pipelines; i++) {
        if (i % perStack === 0) {
          const synthesizer = new ros.DefaultStackSynthesizer({ qualifier: SYNTH_QUALIFIER });
          stack = new ros.Stack(app, `Bench${i / perStack}`, { synthesizer });
        }
        new MediaPipeline(stack!, `M${i}`, { inputPrefix: `in${i}/` });
      }
      return app.synth();
    });
    let resources = 0;
    let functions = 0;
    let assetFunctions = 0;
    for (const stack of assembly.stacks) {
      const all = Object.values((stack.template.Resources ?? {}) as Record<string, { Type: string; Properties?: { Code?: object } }>);
      resources += all.length;
      for (const r of all.filter((r) => r.Type === 'ALIYUN::FC3::Function')) {
        functions++;
        if (r.Properties?.Code && !('ZipFile' in r.Properties.Code)) assetFunctions++;
      }
    }
    return { ms, stacks: assembly.stacks.length, resources, functions, assetFunctions };
  } finally {
    removeDir(outdir);
  }
}

/**
 * Measured twice: with a plain `new ros.App()` first, then with the example app's props
 * (`stackTraces: false`). Order matters: ros-cdk-core turns stack traces off for the whole
 * process (CDK_DISABLE_STACK_TRACE) once any app asks.
 */
export function benchMarginal(): Figure[] {
  return [
    ...benchMarginalWith({}, 'ROS CDK default App (stack traces on)', false),
    ...benchMarginalWith(APP_PROPS, 'example app props (stackTraces: false)', true),
  ];
}

function benchMarginalWith(appProps: ros.AppProps, label: string, targeted: boolean): Figure[] {
  // Warm-up, which also tells how many resources one pipeline makes and so how many fit a stack.
  const one = synthPipelines({ pipelines: 1, perStack: 1, appProps });
  const perStack = Math.max(1, Math.floor(STACK_RESOURCE_LIMIT / one.resources));
  const many: AppShape = { pipelines: MANY, perStack, appProps };
  const manyShape = synthPipelines(many);

  const runs = repeat(RUNS, () => {
    const t1 = synthPipelines({ pipelines: 1, perStack, appProps }).ms;
    const tMany = synthPipelines(many).ms;
    return { t1, tMany, marginal: (tMany - t1) / (MANY - 1) };
  });
  const marginals = runs.map((r) => r.marginal);
  const marginal = median(marginals);
  const spread =
    manyShape.stacks > 1
      ? `${MANY} pipelines spread over ${manyShape.stacks} stacks of <= ${perStack} (${one.resources} resources each, ${STACK_RESOURCE_LIMIT}/stack)`
      : `${MANY} pipelines in one stack`;
  const assets = `${manyShape.assetFunctions}/${manyShape.functions} functions' code went to OSS assets (inline budget)`;
  return [
    {
      measure: `synth 1 MediaPipeline, ${label}`,
      value: formatMs(median(runs.map((r) => r.t1))),
      target: '-',
      note: `${one.resources} resources; median of ${RUNS}`,
    },
    {
      measure: `synth ${MANY} MediaPipelines, ${label}`,
      value: formatMs(median(runs.map((r) => r.tMany))),
      target: '-',
      note: `${manyShape.resources} resources; ${spread}`,
    },
    {
      measure: `marginal cost per MediaPipeline, ${label}`,
      value: formatMs(marginal),
      target: targeted ? `< ${formatMs(MARGINAL_TARGET_MS)}` : '-',
      met: targeted ? marginal < MARGINAL_TARGET_MS : undefined,
      note: `(t${MANY} - t1) / ${MANY - 1}, median of ${RUNS} pairs (range ${range(marginals)}); ${assets}`,
    },
  ];
}

function range(values: readonly number[]): string {
  return `${formatMs(Math.min(...values))} to ${formatMs(Math.max(...values))}`;
}
