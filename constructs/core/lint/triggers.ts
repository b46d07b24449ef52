/** FC3 triggers, async invoke configs and the functions/roles/buckets they link, read from a template. */
import { LintContext, isRecord } from './context';

export interface FcTrigger {
  readonly id: string;
  /** Lower-cased TriggerType, e.g. `oss`, `http`, `timer`. */
  readonly type: string;
  readonly functionId?: string;
  readonly config: Record<string, unknown>;
  readonly sourceArn: unknown;
}

export interface OssTrigger extends FcTrigger {
  /** Canonical bucket name from SourceArn `acs:oss:<region>:<account>:<bucket>`. */
  readonly bucket: string;
  readonly events: readonly string[];
  readonly prefix: string;
  readonly suffix: string;
}

export function fcTriggers(ctx: LintContext): FcTrigger[] {
  return ctx.ofType('ALIYUN::FC3::Trigger').map(([id, trigger]) => {
    const props = trigger.Properties ?? {};
    return {
      id,
      type: String(props.TriggerType).toLowerCase(),
      functionId: ctx.functionNamed(props.FunctionName),
      config: parseConfig(props.TriggerConfig),
      sourceArn: props.SourceArn,
    };
  });
}

/** OSS triggers; both the FC 3.0 camelCase config and the PascalCase spelling are accepted. */
export function ossTriggers(ctx: LintContext): OssTrigger[] {
  return fcTriggers(ctx).filter((t) => t.type === 'oss').map((t) => {
    const filter = field(t.config, 'filter');
    const key = isRecord(filter) ? field(filter, 'key') : undefined;
    const text = (name: string) => (isRecord(key) && typeof field(key, name) === 'string' ? (field(key, name) as string) : '');
    const events = field(t.config, 'events');
    return {
      ...t,
      bucket: splitArn(ctx.canon(t.sourceArn)).slice(4).join(':'),
      events: Array.isArray(events) ? events.map(String) : [],
      prefix: text('prefix'),
      suffix: text('suffix'),
    };
  });
}

/** Logical ids of the functions that async invoke configs send results to (`DestinationConfig.*.Destination`). */
export function asyncDestinations(ctx: LintContext): Array<{ configId: string; functionId: string }> {
  return ctx.ofType('ALIYUN::FC3::AsyncInvokeConfig').flatMap(([configId, config]) => {
    const destinations = config.Properties?.DestinationConfig;
    if (!isRecord(destinations)) return [];
    return Object.values(destinations)
      .map((d) => (isRecord(d) ? functionOfArn(ctx, d.Destination) : undefined))
      .filter((id): id is string => !!id)
      .map((functionId) => ({ configId, functionId }));
  });
}

/** An FC3 function ARN: `GetAtt Fn.ARN`, or `acs:fc:<region>:<account>:functions/<name>`. */
function functionOfArn(ctx: LintContext, arn: unknown): string | undefined {
  const canonical = ctx.canon(arn);
  const getAtt = /^\{([^.{}]+)\.ARN\}$/.exec(canonical);
  if (getAtt && ctx.resources[getAtt[1]]?.Type === 'ALIYUN::FC3::Function') return getAtt[1];
  const name = /:functions\/([^/:]+)$/.exec(canonical);
  return name ? ctx.functionNamed(name[1]) : undefined;
}

/** The RAM::Role in this template that a function's `Role` (an ARN expression) points at. */
export function roleOf(ctx: LintContext, roleArn: unknown): string | undefined {
  const canonical = ctx.canon(roleArn);
  const getAtt = /^\{([^.{}]+)\.Arn\}$/.exec(canonical);
  if (getAtt && ctx.resources[getAtt[1]]?.Type === 'ALIYUN::RAM::Role') return getAtt[1];
  const name = /:role\/(.+)$/.exec(canonical)?.[1]?.toLowerCase();
  // RAM matches role names case-insensitively in ARNs.
  return ctx.ofType('ALIYUN::RAM::Role').find(([, role]) => ctx.canon(role.Properties?.RoleName).toLowerCase() === name)?.[0];
}

/** Splits an ARN on ':' outside `{...}` symbols, so `{ALIYUN::Region}` stays whole. */
export function splitArn(canonical: string): string[] {
  return canonical.match(/(?:\{[^}]*\}|[^:{])+|(?<=^|:)(?=:|$)/g) ?? [];
}

function field(record: Record<string, unknown>, camel: string): unknown {
  return record[camel] ?? record[camel[0].toUpperCase() + camel.slice(1)];
}

/** TriggerConfig is a map in FC3 templates; a JSON string (FC 2.0 habit) is read too. */
function parseConfig(config: unknown): Record<string, unknown> {
  if (typeof config === 'string') {
    try {
      const parsed: unknown = JSON.parse(config);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  return isRecord(config) ? config : {};
}
