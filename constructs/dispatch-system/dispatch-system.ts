import * as ros from '@alicloud/ros-cdk-core';
import { FcEventApi } from '../core/api-gateway';
import { PatternFunction, resolveSize } from '../core/function';
import { suppress } from '../core/lint';
import { ILogSink, LogSink, structuredLogFields } from '../core/log-sink';
import { childId, physicalName } from '../core/naming';
import { OTS_READ, OTS_WRITE } from '../core/policy';
import { TableStore, TableStoreRef } from '../core/table';
import { timerTrigger } from '../core/timer-trigger';
import { Validator } from '../core/validation';
import { DECISION_LOG_FIELDS, DISPATCH_ENV, DISPATCH_TABLES, DispatchSettings, DispatchTable } from '../../runtime/dispatch/settings';
import { DISPATCH_DEFAULTS, DISPATCH_API_ROUTES } from './defaults';
import { DispatchSystemProps } from './props';
import { resolveDispatchSettings } from './validate';

const ALL_TABLES = Object.keys(DISPATCH_TABLES) as DispatchTable[];

/**
 * Delivery dispatch: an API Gateway group backed by an FC 3.0 function; Table Store holds orders,
 * couriers, sellers, routes and a geohash location index; the nearest free couriers get an offer,
 * the first accept wins by conditional write; courier and seller are notified through Mobile Push
 * from an outbox; expired offers move on to the next candidates; every decision is logged.
 */
export class DispatchSystem extends ros.Construct {
  readonly tableStore?: TableStore;
  readonly tableStoreRef: TableStoreRef;
  /** Table name tokens by table key (orders, couriers, ...). */
  readonly tableNames: Record<DispatchTable, string>;
  readonly logSink?: LogSink;
  readonly logSinkRef: ILogSink;
  readonly apiFunction: PatternFunction;
  readonly notifier: PatternFunction;
  readonly offerSweeper: PatternFunction;
  readonly failureHandler: PatternFunction;
  readonly api: FcEventApi;
  readonly settings: DispatchSettings;

  constructor(scope: ros.Construct, id: string, props: DispatchSystemProps) {
    super(scope, id);
    const v = new Validator(`DispatchSystem '${id}'`);
    this.settings = resolveDispatchSettings(props, v);
    const d = DISPATCH_DEFAULTS;
    const sizes = {
      api: resolveSize(v, 'apiFunction', props.apiFunction, d.apiFunction),
      notifier: resolveSize(v, 'notifier', props.notifier, d.notifier),
      offers: resolveSize(v, 'offerSweeper', props.offerSweeper, d.offerSweeper),
      failure: resolveSize(v, 'failureHandler', props.failureHandler, d.failureHandler),
    };

    if (props.existingTableStore) {
      this.tableStoreRef = props.existingTableStore;
      this.tableNames = Object.fromEntries(ALL_TABLES.map((t) => [t, DISPATCH_TABLES[t].name])) as Record<DispatchTable, string>;
    } else {
      const store = new TableStore(this, childId(id, 'State'), { ...props.tableStoreProps, purpose: 'state' }, v, 'tableStoreProps');
      this.tableNames = Object.fromEntries(
        ALL_TABLES.map((t) => [t, store.addTable(`${t[0].toUpperCase()}${t.slice(1)}Table`, DISPATCH_TABLES[t].name, DISPATCH_TABLES[t].primaryKey)]),
      ) as Record<DispatchTable, string>;
      this.tableStore = store;
      this.tableStoreRef = store;
    }

    this.logSink = props.existingLogSink
      ? undefined
      : new LogSink(this, childId(id, 'Logs'), { indexedFields: structuredLogFields([...DECISION_LOG_FIELDS]), ...props.logSinkProps }, v, 'logSinkProps.');
    this.logSinkRef = props.existingLogSink ?? (this.logSink as LogSink);

    const fn = (part: string, entry: string, purpose: string, description: string, size: (typeof sizes)[keyof typeof sizes], extra: Record<string, string> = {}) =>
      new PatternFunction(this, childId(id, part), {
        entry,
        functionName: physicalName(this, v, purpose, 'fcFunction', purpose, undefined),
        roleName: physicalName(this, v, purpose, 'ramRole', purpose, undefined),
        description,
        size,
        environment: {
          [DISPATCH_ENV.settings]: JSON.stringify(this.settings),
          [DISPATCH_ENV.otsInstance]: this.tableStoreRef.instanceName,
          [DISPATCH_ENV.otsEndpoint]: this.tableStoreRef.endpoint,
          ...extra,
        },
        logSink: this.logSinkRef,
      });
    const grantTables = (f: PatternFunction, tables: DispatchTable[]) =>
      tables.forEach((t) => f.policy.ots(this.tableStoreRef.instanceName, this.tableNames[t], [...OTS_READ, ...OTS_WRITE]));

    this.failureHandler = fn('FailureHandler', 'dispatch-failure', 'failure', 'Records notifier and offer-sweeper events that failed after retries', sizes.failure);
    grantTables(this.failureHandler, ['orders']);

    this.notifier = fn('Notifier', 'dispatch-notifier', 'notifier', 'Sends the pending notifications of an order through Mobile Push', sizes.notifier);
    // Push targets travel inside each outbox entry, so the order row is all the notifier reads.
    grantTables(this.notifier, ['orders']);
    this.notifier.policy.mobilePush();
    const notifierEnv = { [DISPATCH_ENV.notifierFunction]: this.notifier.functionName };

    this.apiFunction = fn('ApiFunction', 'dispatch-api', 'api', 'Serves the dispatch APIs behind API Gateway', sizes.api, notifierEnv);
    grantTables(this.apiFunction, ALL_TABLES);
    this.apiFunction.policy.fcInvoke(this.notifier.functionName);

    const sweeps = 'Moves expired offers to the next candidates';
    this.offerSweeper = fn('OfferSweeper', 'dispatch-offer-sweeper', 'offers', sweeps, sizes.offers, notifierEnv);
    grantTables(this.offerSweeper, ['orders', 'openOffers', 'couriers', 'courierCells']);
    this.offerSweeper.policy.fcInvoke(this.notifier.functionName);
    timerTrigger(this, childId(id, 'OfferSweepTimer'), this.offerSweeper, d.offerSweepSchedule);

    const asyncOptions = { maxRetries: props.maxRetries ?? d.maxRetries, maxEventAgeSeconds: props.maxEventAgeSeconds ?? d.maxEventAgeSeconds };
    // A notification gets maxSendAttempts tries, each a notifier invocation: FC must retry that often.
    const notifierRetries = Math.max(asyncOptions.maxRetries, this.settings.maxSendAttempts - 1);
    this.notifier.configureAsync({ ...asyncOptions, maxRetries: notifierRetries, onFailure: this.failureHandler });
    this.offerSweeper.configureAsync({ ...asyncOptions, onFailure: this.failureHandler });
    this.failureHandler.configureAsync({ maxRetries: 8, maxEventAgeSeconds: asyncOptions.maxEventAgeSeconds });
    suppress(this.failureHandler.function, 'FSC-FC2', 'Terminal failure handler: it logs each failure payload first and retries 8 times; a destination of its own would loop.');

    this.api = new FcEventApi(this, childId(id, 'Api'), {
      groupName: physicalName(this, v, 'api', 'apiGroup', 'api', undefined),
      appName: physicalName(this, v, 'app', 'apiApp', 'app', undefined),
      trafficControlName: physicalName(this, v, 'limit', 'trafficControl', 'limit', undefined),
      roleName: physicalName(this, v, 'apigw', 'ramRole', 'apigw', undefined),
      description: 'Delivery dispatch',
      fn: this.apiFunction,
      routes: DISPATCH_API_ROUTES,
      auth: props.anonymous ? 'ANONYMOUS' : 'APP',
      protocol: props.protocol ?? d.protocol,
      requestsPerMinute: props.requestsPerMinute ?? d.requestsPerMinute,
      backendTimeoutMs: d.backendTimeoutMs,
    });

    new ros.RosOutput(this, childId(id, 'ApiDomain'), { value: this.api.domain, description: 'Host name of the dispatch APIs' });
    if (this.api.app) {
      new ros.RosOutput(this, childId(id, 'AppKey'), { value: this.api.app.attrAppKey, description: 'App key callers sign requests with' });
    }
    new ros.RosOutput(this, childId(id, 'TableStoreInstance'), { value: this.tableStoreRef.instanceName, description: 'Table Store instance holding orders, couriers, sellers, routes' });
  }
}
