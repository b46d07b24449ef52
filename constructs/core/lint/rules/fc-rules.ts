/** Operability defaults for FC3 functions: logs, and bounded retries with a failure destination. */
import { isRecord } from '../context';
import { asyncDestinations, fcTriggers } from '../triggers';
import { Hit } from '../types';
import { Rule } from './rule';

const FUNCTION = 'ALIYUN::FC3::Function';

const noLogs: Rule = {
  id: 'FSC-FC1',
  severity: 'warning',
  description: 'FC3 function has no LogConfig with Project and Logstore.',
  check: (ctx) =>
    ctx.ofType(FUNCTION)
      .filter(([, fn]) => {
        const log = fn.Properties?.LogConfig;
        return !(isRecord(log) && log.Project !== undefined && log.Logstore !== undefined);
      })
      .map(([id]) => ({
        resource: id,
        path: 'Properties.LogConfig',
        message: 'function does not log to Log Service: set LogConfig { Project, Logstore } (and give its role log:PostLogStoreLogs).',
      })),
};

const unboundedAsync: Rule = {
  id: 'FSC-FC2',
  severity: 'warning',
  description: 'Event-triggered FC3 function lacks an AsyncInvokeConfig with DestinationConfig.OnFailure and MaxAsyncRetryAttempts.',
  check: (ctx) => {
    // Non-HTTP triggers and async destinations invoke asynchronously: FC retries and then drops failed events.
    const why = new Map<string, string>();
    for (const t of fcTriggers(ctx)) if (t.functionId && t.type !== 'http') why.set(t.functionId, `${t.type} trigger ${t.id}`);
    for (const d of asyncDestinations(ctx)) why.set(d.functionId, `the async destination of ${d.configId}`);

    const configured = new Set<string>();
    for (const [, config] of ctx.ofType('ALIYUN::FC3::AsyncInvokeConfig')) {
      const props = config.Properties ?? {};
      const destinations = props.DestinationConfig;
      const onFailure = isRecord(destinations) ? destinations.OnFailure : undefined;
      const functionId = ctx.functionNamed(props.FunctionName);
      if (functionId && isRecord(onFailure) && onFailure.Destination !== undefined && props.MaxAsyncRetryAttempts !== undefined) {
        configured.add(functionId);
      }
    }
    return [...why].sort(([a], [b]) => a.localeCompare(b)).filter(([id]) => !configured.has(id)).map(([id, cause]): Hit => ({
      resource: id,
      message:
        `function is invoked asynchronously (by ${cause}) but has no ALIYUN::FC3::AsyncInvokeConfig ` +
        `with MaxAsyncRetryAttempts and DestinationConfig.OnFailure: add one so failed events are retried boundedly and kept.`,
    }));
  },
};

/**
 * FC 3.0's built-in runtimes serve one request per instance: "組み込みランタイムは … 1 つのインスタンスで複数の同時リクエストを処理
 * することはできません" (https://www.alibabacloud.com/help/ja/functioncompute/terms-of-fc); instance concurrency is for custom
 * runtimes and container images ("支持的运行环境 · 自定义运行时 · 自定义镜像", https://help.aliyun.com/document_detail/144586.html).
 */
const builtInConcurrency: Rule = {
  id: 'FSC-FC3',
  severity: 'error',
  description: 'FC3 function on a built-in runtime has InstanceConcurrency above 1 (only custom runtimes and container images take it).',
  check: (ctx) =>
    ctx.ofType(FUNCTION)
      .filter(([, fn]) => {
        const { Runtime, InstanceConcurrency } = fn.Properties ?? {};
        return typeof Runtime === 'string' && !Runtime.startsWith('custom') && typeof InstanceConcurrency === 'number' && InstanceConcurrency > 1;
      })
      .map(([id, fn]) => ({
        resource: id,
        path: 'Properties.InstanceConcurrency',
        message:
          `${String(fn.Properties?.Runtime)} is a built-in runtime, which serves one request per instance: set InstanceConcurrency to 1 ` +
          `(or run the function on a custom runtime).`,
      })),
};

export const FC_RULES: readonly Rule[] = [noLogs, unboundedAsync, builtInConcurrency];
