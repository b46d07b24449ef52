import * as ros from '@alicloud/ros-cdk-core';
import { tagResources } from '../core/tags';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as ots from '@alicloud/ros-cdk-ots';
import { FcEventApi, patternApi } from '../core/api-gateway';
import { PatternFunction, resolveSize } from '../core/function';
import { suppress } from '../core/lint/suppressions';
import { ILogSink, LogSink } from '../core/log-sink';
import { childId } from '../core/naming';
import { createPatternFunctions } from '../core/pattern-functions';
import { logSinkFor } from '../core/pattern-resources';
import { OTS_READ, OTS_WRITE } from '../core/policy';
import { createTable, TableStoreInstance, TableStoreRef, tableStoreFor } from '../core/table-store';
import { Validator } from '../core/validation';
import { LEASE_MS, LIVE_ENV, LIVE_FUNCTIONS, LIVE_LOG_FIELDS, LIVE_TABLES, LiveSettings, LiveTable } from '../../runtime/live/settings';
import { HANDOVER_MARGIN_SECONDS, LIVE_DEFAULTS, ROOM_API_ROUTES } from './defaults';
import { liveKeysParameter, LiveKeysParameter } from './keys';
import { LiveMuxClusterProps } from './props';
import { resolveLiveSettings } from './validate';

const ALL_TABLES = Object.keys(LIVE_TABLES) as LiveTable[];

/**
 * Co-host live rooms mixed by Function Compute. A room API (API Gateway → FC 3.0) creates rooms, brings mics in with
 * signed push URLs and sets layouts; ApsaraVideo Live's stream callbacks reach an HTTP trigger that checks their signature
 * and marks mics live or gone; the first live mic starts the room's mixer (one asynchronous invocation holding a lease
 * on the room row) and its watchdog (a chain of delayed invocations that restarts a mixer whose lease lapsed). Rooms,
 * mics and leases live in Table Store; every decision is a structured line in Log Service. The keys are an encrypted
 * OOS parameter (keys.ts).
 */
export class LiveMuxCluster extends ros.Construct {
  /** The instance holding the tables: the stack's shared one unless `tableStoreProps` asks for its own. */
  readonly tableStore?: TableStoreInstance;
  /** The instance holding the tables. */
  readonly tableStoreRef: TableStoreRef;
  /** The log sink; undefined when `existingLogSink` was given. */
  readonly logSink?: LogSink;
  /** Where the functions log, created or brought (`existingLogSink`). */
  readonly logSinkRef: ILogSink;
  /** Serves the room API behind API Gateway. */
  readonly roomApi: PatternFunction;
  /** Checks ApsaraVideo Live's stream callbacks and marks mics live or gone. */
  readonly callback: PatternFunction;
  /** Restarts a room's mixer whose lease lapsed (a chain of delayed invocations per room). */
  readonly watchdog: PatternFunction;
  /** Mixes a room's live mics into one stream (one invocation per room, holding its lease). */
  readonly mixer: PatternFunction;
  /** The API Gateway group of the room API. */
  readonly api: FcEventApi;
  /** The HTTP trigger ApsaraVideo Live's stream callbacks go to (set its `UrlInternet` as the ingest domain's callback URL). */
  readonly callbackTrigger: fc3.RosTrigger;
  /** The encrypted OOS parameter holding the domains' keys, created or brought (`existingKeysParameterName`). */
  readonly keys: LiveKeysParameter;
  /** The settings the functions run with (defaults applied). */
  readonly settings: LiveSettings;

  constructor(scope: ros.Construct, id: string, given: LiveMuxClusterProps) {
    super(scope, id);
    const v = new Validator(`LiveMuxCluster '${id}'`);
    const props = v.props(given, '`ingestDomain` and `playDomain`');
    const store = tableStoreFor(this, undefined, props.tableStoreProps, v, 'tableStoreProps');
    const d = LIVE_DEFAULTS;
    const sizes = {
      roomApi: resolveSize(v, 'roomApi', props.roomApi, d.roomApi),
      callback: resolveSize(v, 'callback', props.callback, d.callback),
      watchdog: resolveSize(v, 'watchdog', props.watchdog, d.watchdog),
      mixer: resolveSize(v, 'mixerFunction', props.mixerFunction, d.mixer),
    };
    if (sizes.mixer.instanceConcurrency !== 1) {
      v.fail('mixerFunction.instanceConcurrency', sizes.mixer.instanceConcurrency, 'must be 1: one room per instance, so instances follow the rooms');
    }
    // The mixer hands over to a fresh invocation HANDOVER_MARGIN_SECONDS before its timeout.
    if (sizes.mixer.timeout < 2 * HANDOVER_MARGIN_SECONDS) {
      const rule = `must be at least ${2 * HANDOVER_MARGIN_SECONDS} s: a mixer hands over to a fresh invocation ${HANDOVER_MARGIN_SECONDS} s before`;
      v.fail('mixerFunction.timeout', sizes.mixer.timeout, rule);
    }
    this.settings = resolveLiveSettings(props, v, this, sizes.mixer.timeout);
    const instance = store.instance!;
    this.tableStore = store.instance;
    this.tableStoreRef = store.ref;
    const tableName = {} as Record<LiveTable, string>;
    for (const t of ALL_TABLES) {
      const part = t === 'rooms' ? 'RoomsTable' : 'MicsTable';
      const table: ots.RosTable = createTable(
        this,
        instance,
        { part, tableName: this.settings.tables[t], primaryKey: LIVE_TABLES[t].primaryKey },
        v,
        'tableStoreProps',
      );
      tableName[t] = ros.Token.asString(table.attrTableName);
    }

    const logs = logSinkFor(this, props.existingLogSink, props.logSinkProps, [...LIVE_LOG_FIELDS], v);
    this.logSink = logs.created;
    this.logSinkRef = logs.ref;
    this.keys = liveKeysParameter(this, id, props.existingKeysParameterName, v);

    const functions = createPatternFunctions(
      this,
      {
        pattern: 'live',
        manifest: LIVE_FUNCTIONS,
        descriptions: {
          roomApi: 'Serves the room API behind API Gateway',
          callback: "Checks ApsaraVideo Live's stream callbacks and marks mics live or gone",
          watchdog: "Restarts a room's mixer whose lease lapsed (a chain of delayed invocations per room)",
          mixer: "Mixes a room's live mics into one stream (one invocation per room, holding its lease)",
        },
        sizes,
        environment: {
          [LIVE_ENV.settings]: JSON.stringify(this.settings),
          [LIVE_ENV.otsInstance]: this.tableStoreRef.instanceName,
          [LIVE_ENV.otsEndpoint]: this.tableStoreRef.endpoint,
          [LIVE_ENV.keysSecret]: this.keys.name,
        },
        logSink: this.logSinkRef,
        // The watchdog is retried the most FC allows (the manifest); the mixer never (a retry would be a second mixer).
        retries: { maxRetries: 0 },
        maxEventAgeSeconds: props.maxEventAgeSeconds ?? d.maxEventAgeSeconds,
        ...(props.ffmpegLayerArn ? { ffmpegLayer: props.ffmpegLayerArn } : {}),
      },
      v,
    );
    this.roomApi = functions.roomApi;
    this.callback = functions.callback;
    this.watchdog = functions.watchdog;
    this.mixer = functions.mixer;

    const grant = (f: PatternFunction, t: LiveTable, actions: readonly string[]) =>
      f.policy.ots(this.tableStoreRef.instanceName, tableName[t], actions);
    for (const f of Object.values(functions)) {
      f.policy.oosSecretParameterRead(this.keys.name);
      // The parameter must exist before a function can read it.
      if (this.keys.resource) f.function.addRosDependency(this.keys.resource.logicalId);
    }
    grant(this.roomApi, 'rooms', [...OTS_READ, ...OTS_WRITE]);
    grant(this.roomApi, 'mics', [...OTS_READ, ...OTS_WRITE]);
    // The callback and the watchdog take the lease and start mixers (ensureMixer); the watchdog queues its own next run.
    for (const f of [this.callback, this.watchdog]) {
      grant(f, 'rooms', [...OTS_READ, ...OTS_WRITE]);
      grant(f, 'mics', [...OTS_READ, ...OTS_WRITE]);
      f.addEnvironment(LIVE_ENV.mixerFunction, this.mixer.name).addEnvironment(LIVE_ENV.watchdogFunction, this.watchdog.name);
      f.policy.fcInvoke(this.mixer.name).fcInvoke(this.watchdog.name);
    }
    // The mixer renews and releases its lease on the room row and reads the mics.
    grant(this.mixer, 'rooms', [...OTS_READ, 'ots:UpdateRow']);
    grant(this.mixer, 'mics', OTS_READ);
    // It starts its successor at a handover before FC's time limit.
    this.mixer.addEnvironment(LIVE_ENV.mixerFunction, this.mixer.name);
    this.mixer.policy.fcInvoke(this.mixer.name);

    suppress(
      this.mixer.function,
      'FSC-FC2',
      'Never retried and no destination: a retry would start a second mixer outside the lease; a mixer that fails or dies is ' +
        `restarted by the room's watchdog within ${LEASE_MS / 1000} s (the lease) + mixer.watchdogIntervalSeconds.`,
    );

    // ApsaraVideo Live calls the callback URL unsigned by FC (its own ALI-LIVE-SIGNATURE is checked by the function), so the
    // trigger is anonymous; FC 3.0 HTTPTriggerConfig (https://help.aliyun.com/en/functioncompute/fc/developer-reference/api-fc-2023-03-30-struct-httptriggerconfig).
    this.callbackTrigger = new fc3.RosTrigger(
      this,
      childId(id, 'CallbackTrigger'),
      {
        functionName: this.callback.functionName,
        triggerName: 'live-callbacks',
        triggerType: 'http',
        // Stream ingest callbacks are GET with the event in the query string (https://www.alibabacloud.com/help/doc-detail/199365.htm).
        triggerConfig: { authType: 'anonymous', methods: ['GET', 'POST'], disableURLInternet: false },
        description: "ApsaraVideo Live's stream ingest callbacks",
      },
      true,
    );
    // The first callback may start a mixer and a watchdog chain: their retry settings must be in place by then (a mixer
    // retried by FC's default of 3 would run twice).
    for (const f of [this.mixer, this.watchdog]) this.callbackTrigger.addRosDependency(f.asyncConfig!.logicalId);

    this.api = patternApi(this, v, {
      description: 'Live room API',
      domainDescription: 'Host name of the room API',
      fn: this.roomApi,
      routes: ROOM_API_ROUTES,
      anonymous: props.anonymous,
      protocol: props.protocol ?? d.protocol,
      requestsPerMinute: props.requestsPerMinute ?? d.requestsPerMinute,
      backendTimeoutMs: d.backendTimeoutMs,
    });
    new ros.RosOutput(this, childId(id, 'CallbackUrl'), {
      value: this.callbackTrigger.attrUrlInternet,
      description: "Set as the ingest domain's stream callback URL (SetLiveStreamsNotifyUrlConfig, NotifyReqAuth yes)",
    });
    new ros.RosOutput(this, childId(id, 'KeysParameterName'), { value: this.keys.name, description: 'The encrypted OOS parameter holding the keys' });
    new ros.RosOutput(this, childId(id, 'TableStoreInstance'), {
      value: this.tableStoreRef.instanceName,
      description: 'Table Store instance holding the rooms and mics',
    });
    tagResources(this, props.tags, v);
  }
}
