/** The invocation context Function Compute 3.0 passes to a Node.js event handler (fields we use). */
export interface FcContext {
  requestId: string;
  region: string;
  accountId: string;
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  function: { name: string; handler?: string; memory?: number; timeout?: number };
  logger?: unknown;
}

/** The handler shape of every entry file: the raw event Buffer in, a JSON-able result out. */
export type EventHandler = (event: Buffer, context: FcContext) => Promise<unknown>;
