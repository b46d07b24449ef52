/** The content API function: the shared API skeleton with the content routes and their endpoints. */
import { createApiFunction, routerFor } from '../shared/http';
import type { IotDeps } from './deps';
import type { Endpoint } from './endpoint';
import { createPost, deletePost, getPostEndpoint, searchPosts, updatePost } from './posts';
import { CONTENT_ROUTES, type ContentRouteName } from './settings';

const ENDPOINTS: Record<ContentRouteName, Endpoint> = {
  CreatePost: createPost,
  SearchPosts: searchPosts,
  GetPost: getPostEndpoint,
  UpdatePost: updatePost,
  DeletePost: deletePost,
};

export const CONTENT_API = routerFor<ContentRouteName, Endpoint>(CONTENT_ROUTES, ENDPOINTS);

export function createContentApi(deps: IotDeps) {
  return createApiFunction({ router: CONTENT_API, deps, logWriter: deps.log, maxBodyBytes: deps.settings.maxBodyBytes });
}
