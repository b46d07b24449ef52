import * as ros from '@alicloud/ros-cdk-core';
import * as apigw from '@alicloud/ros-cdk-apigateway';
import * as ram from '@alicloud/ros-cdk-ram';
import { PatternFunction } from './function';
import { childId, physicalName } from './naming';
import { serviceInvokeRole } from './service-invoke-role';
import { Validator } from './validation';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One API of a group; path parameters in API Gateway's bracket form, e.g. `/orders/[id]/accept`. */
export interface ApiRoute {
  /** API name inside the group: 4-50 letters, digits and underscores. */
  readonly name: string;
  /** HTTP method the API answers. */
  readonly method: HttpMethod;
  /** Request path, path parameters in brackets, e.g. `/orders/[id]`. */
  readonly path: string;
  /** Description of the API in API Gateway. */
  readonly description: string;
}

export interface FcEventApiProps {
  /** Name of the API group. */
  readonly groupName: string;
  /** Name of the app created for APP authorization (unused with 'ANONYMOUS'). */
  readonly appName: string;
  /** Name of the traffic control bound to every API. */
  readonly trafficControlName: string;
  /** Name of the RAM role API Gateway assumes to invoke `fn`. */
  readonly roleName: string;
  /** What the APIs are: the group's description (the app's and the APIs' descriptions derive from it). */
  readonly description: string;
  /** The event function (API Gateway's FCEvent backend) every route invokes. */
  readonly fn: PatternFunction;
  /** The APIs of the group, each published to the RELEASE stage. */
  readonly routes: readonly ApiRoute[];
  /** 'APP': callers sign with an app key (an app is created and authorized); 'ANONYMOUS': anyone. */
  readonly auth: 'APP' | 'ANONYMOUS';
  /** Protocols the APIs accept. */
  readonly protocol: 'HTTPS' | 'HTTP,HTTPS';
  /** Requests per minute each API accepts (traffic control, API default). */
  readonly requestsPerMinute: number;
  /** Milliseconds API Gateway waits for the function before it fails the request. */
  readonly backendTimeoutMs: number;
}

const STAGE = 'RELEASE';

/** A runtime route table (`/orders/{id}`) as API Gateway APIs (path parameters in API Gateway's `[id]` form). */
export function apiGatewayRoutes(routes: ReadonlyArray<Omit<ApiRoute, 'path'> & { readonly path: string }>): ApiRoute[] {
  return routes.map((r) => ({ ...r, path: r.path.replace(/\{(\w+)\}/g, '[$1]') }));
}

export interface PatternApiProps {
  /** What the APIs are, e.g. `Delivery dispatch`. */
  readonly description: string;
  /** The output `<id>ApiDomain` describes itself with this. */
  readonly domainDescription: string;
  readonly fn: PatternFunction;
  readonly routes: readonly ApiRoute[];
  /** ANONYMOUS when true; APP authorization (with the pattern's app and its `<id>AppKey` output) otherwise. */
  readonly anonymous?: boolean;
  readonly protocol: FcEventApiProps['protocol'];
  readonly requestsPerMinute: number;
  readonly backendTimeoutMs: number;
  /** A second API group of the pattern: its part name (`DeviceApi`), giving `<id>DevicesApi`, `<id>DevicesApiDomain`, `<id>DevicesApiAppKey`. */
  readonly part?: string;
}

/** A pattern's API group with generated names (`<id>Api`), and its outputs: the domain and, with app authorization, the app key. */
export function patternApi(pattern: ros.Construct, validator: Validator, props: PatternApiProps): FcEventApi {
  const id = pattern.node.id;
  const part = props.part ?? 'Api';
  // The first group keeps the names it always had; another one's names start with its part.
  const purpose = (what: string) => (props.part ? `${props.part.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}-${what}` : what);
  const api = new FcEventApi(pattern, childId(id, part), {
    groupName: physicalName(pattern, validator, 'api', 'apiGroup', purpose('api'), undefined),
    appName: physicalName(pattern, validator, 'app', 'apiApp', purpose('app'), undefined),
    trafficControlName: physicalName(pattern, validator, 'limit', 'trafficControl', purpose('limit'), undefined),
    roleName: physicalName(pattern, validator, 'apigw', 'ramRole', purpose('apigw'), undefined),
    description: props.description,
    fn: props.fn,
    routes: props.routes,
    auth: props.anonymous ? 'ANONYMOUS' : 'APP',
    protocol: props.protocol,
    requestsPerMinute: props.requestsPerMinute,
    backendTimeoutMs: props.backendTimeoutMs,
  });
  new ros.RosOutput(pattern, childId(id, `${part}Domain`), { value: api.domain, description: props.domainDescription });
  if (api.app) {
    const appKey = props.part ? `${props.part}AppKey` : 'AppKey';
    new ros.RosOutput(pattern, childId(id, appKey), { value: api.app.attrAppKey, description: 'App key callers sign requests with' });
  }
  return api;
}

/**
 * An API Gateway group whose APIs invoke one FC 3.0 event function, published to RELEASE, with
 * a traffic-control limit, and (by default) app authorization through an app the group creates.
 * API Gateway invokes the function through a role that may invoke only that function.
 */
export class FcEventApi extends ros.Construct {
  /** The API group, with internet access. */
  readonly group: apigw.RosGroup;
  /** The role API Gateway assumes to invoke the function; it may invoke only that function. */
  readonly invokeRole: ram.RosRole;
  /** One API per route, in the order of `routes`. */
  readonly apis: apigw.RosApi[];
  /** The deployment that publishes each API to RELEASE, in the order of `apis`. */
  readonly deployments: apigw.RosDeployment[];
  /** The per-minute limit every API gets (`requestsPerMinute`). */
  readonly trafficControl: apigw.RosTrafficControl;
  /** Binds `trafficControl` to every API on RELEASE. */
  readonly trafficControlBinding: apigw.RosTrafficControlBinding;
  /** The app whose key callers sign with; undefined for anonymous APIs. */
  readonly app?: apigw.RosApp;
  /** Authorizes `app` on every API on RELEASE; undefined for anonymous APIs. */
  readonly authorization?: apigw.RosAuthorization;
  /** Host name of the group's default domain. */
  readonly domain: string;

  constructor(scope: ros.Construct, id: string, props: FcEventApiProps) {
    super(scope, id);
    this.group = new apigw.RosGroup(
      this,
      childId(id, 'Group'),
      { groupName: props.groupName, description: props.description, internetEnable: true },
      true,
    );
    this.domain = ros.Token.asString(this.group.attrSubDomain);
    this.invokeRole = serviceInvokeRole(this, childId(id, 'Role'), {
      service: 'apigateway',
      functionName: props.fn.functionName,
      roleName: props.roleName,
      description: 'Lets API Gateway invoke the API function',
    });

    this.apis = props.routes.map((route) => this.api(id, route, props));
    const apiIds = this.apis.map((api) => api.attrApiId);
    this.deployments = this.apis.map(
      (api, i) =>
        new apigw.RosDeployment(this, childId(id, `${props.routes[i].name}Deployment`), {
          groupId: this.group.attrGroupId,
          apiId: api.attrApiId,
          stageName: STAGE,
          description: `Publishes ${props.routes[i].method} ${props.routes[i].path}`,
        }, true),
    );

    this.trafficControl = new apigw.RosTrafficControl(
      this,
      childId(id, 'TrafficControl'),
      {
        trafficControlName: props.trafficControlName,
        trafficControlUnit: 'MINUTE',
        apiDefault: props.requestsPerMinute,
        description: `${props.requestsPerMinute} requests per minute per API`,
      },
      true,
    );
    this.trafficControlBinding = new apigw.RosTrafficControlBinding(
      this,
      childId(id, 'TrafficControlBinding'),
      { groupId: this.group.attrGroupId, apiIds, stageName: STAGE, trafficControlId: this.trafficControl.attrTrafficControlId },
      true,
    );
    // Both act on the published stage, which exists only once the deployments have run.
    this.deployments.forEach((d) => this.trafficControlBinding.addRosDependency(d.logicalId));

    if (props.auth === 'APP') {
      this.app = new apigw.RosApp(this, childId(id, 'App'), { appName: props.appName, description: `Clients of ${props.description}` }, true);
      this.authorization = new apigw.RosAuthorization(
        this,
        childId(id, 'Authorization'),
        {
          groupId: this.group.attrGroupId,
          apiIds,
          appIds: [this.app.attrAppId],
          stageName: STAGE,
          description: 'The pattern app may call every API',
        },
        true,
      );
      this.deployments.forEach((d) => this.authorization!.addRosDependency(d.logicalId));
    }
  }

  private api(id: string, route: ApiRoute, props: FcEventApiProps): apigw.RosApi {
    const pathParameters = [...route.path.matchAll(/\[([A-Za-z][A-Za-z0-9_]*)\]/g)].map((m) => m[1]);
    return new apigw.RosApi(
      this,
      childId(id, route.name),
      {
        groupId: this.group.attrGroupId,
        apiName: route.name,
        description: route.description,
        visibility: 'PUBLIC',
        authType: props.auth,
        requestConfig: {
          requestProtocol: props.protocol,
          requestHttpMethod: route.method,
          requestPath: route.path,
          // The function gets the request as it came (headers, path and body), as an FCEvent JSON.
          requestMode: 'PASSTHROUGH',
          bodyFormat: route.method === 'GET' ? undefined : 'STREAM',
        },
        requestParameters: pathParameters.map((name) => ({
          apiParameterName: name,
          location: 'PATH',
          parameterType: 'String',
          required: 'REQUIRED',
        })),
        serviceParameters: pathParameters.map((name) => ({ serviceParameterName: name, location: 'PATH', parameterType: 'STRING' })),
        serviceParametersMap: pathParameters.map((name) => ({ serviceParameterName: name, requestParameterName: name })),
        serviceConfig: {
          serviceProtocol: 'FunctionCompute',
          serviceTimeOut: props.backendTimeoutMs,
          mock: 'FALSE',
          serviceVpcEnable: 'FALSE',
          functionComputeConfig: {
            fcVersion: '3.0',
            fcType: 'FCEvent',
            fcRegionId: ros.RosPseudo.region,
            functionName: props.fn.functionName,
            qualifier: 'LATEST',
            roleArn: this.invokeRole.attrArn,
          },
        },
        resultType: 'JSON',
        resultSample: '{}',
        failResultSample: '{"error":{"code":"...","message":"..."}}',
      },
      true,
    );
  }
}
