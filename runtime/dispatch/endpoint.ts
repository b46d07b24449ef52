/** A dispatch API endpoint: the shared endpoint shape with DispatchDeps. */
import type { Endpoint as HttpEndpoint, EndpointContext as HttpEndpointContext } from '../shared/http';
import type { DispatchDeps } from './deps';

export type EndpointContext = HttpEndpointContext<DispatchDeps>;
export type Endpoint = HttpEndpoint<DispatchDeps>;
