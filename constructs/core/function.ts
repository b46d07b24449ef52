import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as ram from '@alicloud/ros-cdk-ram';
import type { FunctionRuntime } from '../../runtime/shared/function-manifest';
import { functionCode } from './code';
import { runtimeProperties } from './function-runtime';
import { ILogSink } from './log-sink';
import { childId } from './naming';
import { fcFunctionArn, PolicyBuilder, trustPolicy } from './policy';
import { definedOnly, Validator } from './validation';

/** How big a function is and how long it may run. */
export interface FunctionSize {
  /**
   * MB, a multiple of 64 from 128 to 32768.
   *
   * @default - the pattern's default for this function (its README's defaults table)
   */
  readonly memorySize?: number;
  /**
   * vCPU, 0.05 to 16 in steps of 0.05; vCPU : memory GB between 1:1 and 1:4.
   *
   * @default - the pattern's default for this function (its README's defaults table)
   */
  readonly cpu?: number;
  /**
   * Seconds, 1 to 86400.
   *
   * @default - the pattern's default for this function (its README's defaults table)
   */
  readonly timeout?: number;
  /**
   * Requests one instance serves at once, 1 to 100.
   *
   * @default - the pattern's default for this function, else 1
   */
  readonly instanceConcurrency?: number;
  /**
   * MB of /tmp: 512 or 10240.
   *
   * @default - the pattern's default for this function, else 512
   */
  readonly diskSize?: number;
}

/** Validates a size the user gave for one function; `prop` is that function's prop name. */
export function validateSize(validator: Validator, prop: string, size: FunctionSize | undefined): void {
  if (!size) return;
  validator.integer(`${prop}.memorySize`, size.memorySize, 128, 32768, 64);
  validator.decimal(`${prop}.cpu`, size.cpu, 0.05, 16, 0.05);
  validator.integer(`${prop}.timeout`, size.timeout, 1, 86400);
  validator.integer(`${prop}.instanceConcurrency`, size.instanceConcurrency, 1, 100);
  validator.oneOf(`${prop}.diskSize`, size.diskSize, [512, 10240]);
}

/** Function Compute requires vCPU : memory (GB) between 1:1 and 1:4. */
export function validateCpuMemoryRatio(validator: Validator, prop: string, cpu: number, memorySize: number, cpuIsDefault = false): void {
  const gb = memorySize / 1024;
  if (gb < cpu || gb > cpu * 4) {
    validator.fail(
      `${prop}.cpu`,
      cpu,
      `with memorySize ${memorySize} MB, vCPU : memory GB must be between 1:1 and 1:4 (cpu from ${ceil2(gb / 4)} to ${gb})`,
      cpuIsDefault,
    );
  }
}

/** The size of one function: the user's values over the defaults, checked as a whole. */
export function resolveSize<T extends Required<Pick<FunctionSize, 'memorySize' | 'cpu' | 'timeout'>> & FunctionSize>(
  validator: Validator,
  prop: string,
  given: FunctionSize | undefined,
  defaults: T,
): T {
  validateSize(validator, prop, given);
  const size = { ...defaults, ...definedOnly(given ?? {}) };
  validateCpuMemoryRatio(validator, prop, size.cpu, size.memorySize, given?.cpu === undefined);
  return size;
}

function ceil2(n: number): number {
  return Math.ceil(n * 20) / 20;
}

export interface PatternFunctionProps {
  /** Prebuilt runtime entry, e.g. "media-planner". */
  readonly entry: string;
  /** The function's physical name. */
  readonly functionName: string;
  /** Name of the function's RAM role. */
  readonly roleName: string;
  /** Description of the function. */
  readonly description: string;
  /** Memory, vCPU and timeout (and optionally concurrency and disk) of the function. */
  readonly size: ResolvedSize;
  /** Where the function runs: FC's built-in `nodejs20`, or `ffmpeg` (custom.debian10 with the FFmpeg and SDK layers). */
  readonly runtime: FunctionRuntime;
  /**
   * For `ffmpeg` functions: a layer to use instead of FFmpeg6x.
   *
   * @default - FC's official FFmpeg6x layer in the stack's region
   */
  readonly ffmpegLayer?: string;
  /**
   * Environment variables of the function; the runtime's own (`NODE_PATH` for `ffmpeg`) are added to them.
   *
   * @default - only the runtime's own
   */
  readonly environment?: Record<string, string>;
  /** Where the function logs; its role is granted writing there. */
  readonly logSink: ILogSink;
}

/** A function's size with the defaults applied. */
export type ResolvedSize = Required<Pick<FunctionSize, 'memorySize' | 'cpu' | 'timeout'>> & FunctionSize;

export interface AsyncInvokeOptions {
  /** Retries after the first attempt, 0 to 8. */
  readonly maxRetries: number;
  /** Seconds an event may wait before it is dropped to the failure destination, 1 to 604800. */
  readonly maxEventAgeSeconds: number;
  /**
   * Where events go once retries are exhausted; omit only for the terminal failure handler itself.
   *
   * @default - no on-failure destination
   */
  readonly onFailure?: PatternFunction;
}

/**
 * One Function Compute 3.0 function with everything it needs: its prebuilt code embedded in the
 * template, its own RAM role with an inline least-privilege policy, its logs in Log Service, and
 * (for event-triggered functions) bounded async retries with an on-failure destination.
 */
export class PatternFunction extends ros.Construct {
  /** The function's own RAM role, with the inline policy `policy` renders. */
  readonly role: ram.RosRole;
  /** The FC 3.0 function. */
  readonly function: fc3.RosFunction;
  /** Grants of this function's role; add to it until synth. */
  readonly policy = new PolicyBuilder();
  /** `Fn::GetAtt` of the function's name: what a resource that must be created after the function refers to. */
  readonly functionName: string;
  /**
   * The name itself: what environment variables and policies name a function by. A function may invoke itself (a
   * chain of delayed invocations), and a function that referred to its own attribute could never be created (FSC-REF5).
   */
  readonly name: string;
  /** The function's ARN, built from `functionName`. */
  readonly arn: string;
  /** Retries, event age and on-failure destination of asynchronous invocations, once `configureAsync` made them. */
  asyncConfig?: fc3.RosAsyncInvokeConfig;
  private readonly environment: Record<string, string>;

  constructor(scope: ros.Construct, id: string, props: PatternFunctionProps) {
    super(scope, id);
    this.policy.logWrite(props.logSink.projectName, props.logSink.logstoreName);
    const runtime = runtimeProperties(props.runtime, props.ffmpegLayer);
    this.environment = { ...props.environment, ...runtime.environment };

    const roleName = props.roleName;
    this.role = new ram.RosRole(
      this,
      childId(id, 'Role'),
      {
        roleName,
        description: `Runs ${props.functionName}`,
        assumeRolePolicyDocument: trustPolicy('fc'),
        policies: ros.Lazy.anyValue({ produce: () => this.policy.render(roleName) }),
      },
      true,
    );

    this.function = new fc3.RosFunction(
      this,
      childId(id, 'Function'),
      {
        functionName: props.functionName,
        description: props.description,
        runtime: runtime.runtime,
        handler: runtime.handler,
        customRuntimeConfig: runtime.customRuntimeConfig,
        layers: runtime.layers,
        code: functionCode(this, props.entry),
        memorySize: props.size.memorySize,
        cpu: props.size.cpu,
        diskSize: props.size.diskSize ?? 512,
        timeout: props.size.timeout,
        instanceConcurrency: props.size.instanceConcurrency ?? 1,
        environmentVariables: ros.Lazy.anyValue({ produce: () => (Object.keys(this.environment).length > 0 ? this.environment : undefined) }),
        role: this.role.attrArn,
        internetAccess: true,
        logConfig: {
          project: props.logSink.projectName,
          logstore: props.logSink.logstoreName,
          enableRequestMetrics: true,
          enableInstanceMetrics: true,
          // Each structured line is one entry; DefaultRegex would glue JSON lines to the previous dated line.
          logBeginRule: 'None',
        },
      },
      true,
    );
    // Logs are indexed from the first line only if the index exists before the function runs.
    if (props.logSink.index) this.function.addRosDependency(props.logSink.index.logicalId);
    this.name = props.functionName;
    this.functionName = ros.Token.asString(this.function.attrFunctionName);
    this.arn = fcFunctionArn(this.functionName);
  }

  /** Adds an environment variable (e.g. the name of a function created later); rendered at synth. */
  addEnvironment(name: string, value: string): this {
    this.environment[name] = value;
    return this;
  }

  /** Bounded retries, a maximum event age and an on-failure destination for asynchronous invocations. */
  configureAsync(options: AsyncInvokeOptions): void {
    this.asyncConfig = new fc3.RosAsyncInvokeConfig(
      this,
      childId(this.node.id, 'AsyncConfig'),
      {
        functionName: this.functionName,
        maxAsyncRetryAttempts: options.maxRetries,
        maxAsyncEventAgeInSeconds: options.maxEventAgeSeconds,
        destinationConfig: options.onFailure ? { onFailure: { destination: options.onFailure.arn } } : undefined,
      },
      true,
    );
    if (options.onFailure) this.policy.fcInvoke(options.onFailure.name);
  }

  /**
   * Sends the return value of each successful asynchronous invocation to `destinationArn` (an FC 3.0 function,
   * `acs:fc:<region>:<account>:functions/<name>`, or an MNS topic, `acs:mns:<region>:<account>:/topics/<name>/messages`:
   * https://www.alibabacloud.com/help/en/fc/user-guide/result-callback). FC delivers it with this function's role,
   * which the caller grants (fc:InvokeFunction or mns:PublishMessage, per the same page). After configureAsync.
   */
  addOnSuccess(destinationArn: string): void {
    if (!this.asyncConfig) throw new Error(`${this.node.path}: addOnSuccess needs configureAsync first`);
    const current = this.asyncConfig.destinationConfig as fc3.RosAsyncInvokeConfig.DestinationConfigProperty | undefined;
    this.asyncConfig.destinationConfig = { ...current, onSuccess: { destination: destinationArn } };
  }
}
