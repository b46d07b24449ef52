/** The room API function: the shared API skeleton with the room routes and their endpoints. */
import { createApiFunction, routerFor, type Endpoint as HttpEndpoint } from '../shared/http';
import type { LiveDeps } from './deps';
import { createRoom, endRoom, getRoom, joinMic, leaveMic, setLayout } from './rooms';
import { ROOM_ROUTES, type RoomRouteName } from './settings';

type Endpoint = HttpEndpoint<LiveDeps>;

export const ROOM_API = routerFor<RoomRouteName, Endpoint>(ROOM_ROUTES, {
  CreateRoom: createRoom,
  GetRoom: getRoom,
  JoinMic: joinMic,
  LeaveMic: leaveMic,
  SetLayout: setLayout,
  EndRoom: endRoom,
});

export function createRoomApi(deps: LiveDeps) {
  return createApiFunction({ router: ROOM_API, deps, logWriter: deps.log, maxBodyBytes: deps.settings.maxBodyBytes });
}
