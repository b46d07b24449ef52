import * as ros from '@alicloud/ros-cdk-core';
import { tagResources } from '../core/tags';
import { FcEventApi, patternApi } from '../core/api-gateway';
import { PatternFunction, resolveSize } from '../core/function';
import { ILogSink, LogSink } from '../core/log-sink';
import { childId } from '../core/naming';
import { createPatternFunctions } from '../core/pattern-functions';
import { logSinkFor } from '../core/pattern-resources';
import { OTS_READ, OTS_WRITE } from '../core/policy';
import { createTable, TableStoreInstance, TableStoreRef, tableStoreFor } from '../core/table-store';
import { timerTrigger } from '../core/timer-trigger';
import { Validator } from '../core/validation';
import {
  DECISION_LOG_FIELDS,
  DISPATCH_ENV,
  DISPATCH_FUNCTIONS,
  DISPATCH_TABLES,
  DispatchSettings,
  DispatchTable,
} from '../../runtime/dispatch/settings';
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
  /** The instance holding the tables (the stack's shared one unless `tableStoreProps` asks for its own); undefined with `existingTableStore`. */
  readonly tableStore?: TableStoreInstance;
  /** The instance holding the tables, created, shared or brought (`existingTableStore`). */
  readonly tableStoreRef: TableStoreRef;
  /** The log sink; undefined when `existingLogSink` was given. */
  readonly logSink?: LogSink;
  /** Where the functions log, created or brought (`existingLogSink`). */
  readonly logSinkRef: ILogSink;
  /** Serves the dispatch APIs behind API Gateway. */
  readonly apiFunction: PatternFunction;
  /** Sends the pending notifications of an order through Mobile Push. */
  readonly notifier: PatternFunction;
  /** Moves expired offers to the next candidates, every minute. */
  readonly offerSweeper: PatternFunction;
  /** Records notifier and offer-sweeper events that failed after retries. */
  readonly failureHandler: PatternFunction;
  /** The API Gateway group of the dispatch APIs. */
  readonly api: FcEventApi;
  /** The settings the functions run with (defaults applied). */
  readonly settings: DispatchSettings;

  constructor(scope: ros.Construct, id: string, given: DispatchSystemProps) {
    super(scope, id);
    const v = new Validator(`DispatchSystem '${id}'`);
    const props = v.props(given, '`push: { appKey }`');
    const store = tableStoreFor(this, props.existingTableStore, props.tableStoreProps, v, 'tableStoreProps');
    // Tables the pattern creates carry its id (two patterns in one instance never share one), in whichever instance;
    // tables the user already has (`existingTables`) keep their documented names.
    const createTables = props.existingTables !== true;
    this.settings = resolveDispatchSettings(props, v, createTables ? this : undefined);
    const d = DISPATCH_DEFAULTS;
    const sizes = {
      apiFunction: resolveSize(v, 'apiFunction', props.apiFunction, d.apiFunction),
      notifier: resolveSize(v, 'notifier', props.notifier, d.notifier),
      offerSweeper: resolveSize(v, 'offerSweeper', props.offerSweeper, d.offerSweeper),
      failureHandler: resolveSize(v, 'failureHandler', props.failureHandler, d.failureHandler),
    };

    this.tableStore = store.instance;
    this.tableStoreRef = store.ref;
    const tables = this.settings.tables;
    const tableName: Record<DispatchTable, string> = { ...tables };
    if (createTables) {
      for (const t of ALL_TABLES) {
        const part = `${t[0].toUpperCase()}${t.slice(1)}Table`;
        const table = createTable(
          this,
          store.ref,
          { part, tableName: tables[t], primaryKey: DISPATCH_TABLES[t].primaryKey },
          v,
          'tableStoreProps',
        );
        // The attribute, so functions granted on a table wait for it.
        tableName[t] = ros.Token.asString(table.attrTableName);
      }
    }

    const logs = logSinkFor(this, props.existingLogSink, props.logSinkProps, [...DECISION_LOG_FIELDS], v);
    this.logSink = logs.created;
    this.logSinkRef = logs.ref;

    const functions = createPatternFunctions(
      this,
      {
        pattern: 'dispatch',
        manifest: DISPATCH_FUNCTIONS,
        descriptions: {
          apiFunction: 'Serves the dispatch APIs behind API Gateway',
          notifier: 'Sends the pending notifications of an order through Mobile Push',
          offerSweeper: 'Moves expired offers to the next candidates',
          failureHandler: 'Records notifier and offer-sweeper events that failed after retries',
        },
        sizes,
        environment: {
          [DISPATCH_ENV.settings]: JSON.stringify(this.settings),
          [DISPATCH_ENV.otsInstance]: this.tableStoreRef.instanceName,
          [DISPATCH_ENV.otsEndpoint]: this.tableStoreRef.endpoint,
        },
        logSink: this.logSinkRef,
        retries: { maxRetries: props.maxRetries ?? d.maxRetries, maxSendAttempts: this.settings.maxSendAttempts },
        maxEventAgeSeconds: props.maxEventAgeSeconds ?? d.maxEventAgeSeconds,
      },
      v,
    );
    this.apiFunction = functions.apiFunction;
    this.notifier = functions.notifier;
    this.offerSweeper = functions.offerSweeper;
    this.failureHandler = functions.failureHandler;

    const grantTables = (f: PatternFunction, granted: DispatchTable[]) =>
      granted.forEach((t) => f.policy.ots(this.tableStoreRef.instanceName, tableName[t], [...OTS_READ, ...OTS_WRITE]));
    grantTables(this.failureHandler, ['orders']);
    // Push targets travel inside each outbox entry, so the order row is all the notifier reads (due markers are the sweeper's).
    grantTables(this.notifier, ['orders']);
    this.notifier.policy.mobilePush();
    grantTables(this.apiFunction, ALL_TABLES);
    grantTables(this.offerSweeper, ['orders', 'openOffers', 'couriers', 'courierCells', 'outboxDue']);
    for (const caller of [this.apiFunction, this.offerSweeper]) {
      caller.addEnvironment(DISPATCH_ENV.notifierFunction, this.notifier.name);
      caller.policy.fcInvoke(this.notifier.name);
    }
    timerTrigger(this, childId(id, 'OfferSweepTimer'), this.offerSweeper, d.offerSweepSchedule);

    this.api = patternApi(this, v, {
      description: 'Delivery dispatch',
      domainDescription: 'Host name of the dispatch APIs',
      fn: this.apiFunction,
      routes: DISPATCH_API_ROUTES,
      anonymous: props.anonymous,
      protocol: props.protocol ?? d.protocol,
      requestsPerMinute: props.requestsPerMinute ?? d.requestsPerMinute,
      backendTimeoutMs: d.backendTimeoutMs,
    });
    new ros.RosOutput(this, childId(id, 'TableStoreInstance'), {
      value: this.tableStoreRef.instanceName,
      description: 'Table Store instance holding orders, couriers, sellers, routes',
    });
    tagResources(this, props.tags, v);
  }
}
