/** A content API endpoint: the shared endpoint shape with IotDeps. */
import type { Endpoint as HttpEndpoint } from '../shared/http';
import type { IotDeps } from './deps';

export type Endpoint = HttpEndpoint<IotDeps>;
