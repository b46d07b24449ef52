/**
 * FC 3.0's custom-runtime protocol: the adapter in-process, then the built media bundles started the
 * way FC starts them (`node index.js`, FC_CUSTOM_LISTEN_PORT), with and without ffmpeg.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Server } from 'node:http';
import { contextFromHeaders, createInvokeServer } from '../../../../runtime/shared/custom-runtime/server';
import { locateTool } from '../../../../runtime/shared/ffmpeg/locate';
import { firstZipEntry } from '../../../../bench/bundles';
import { MEDIA_ENV } from '../../../../runtime/media/settings';

const FC_HEADERS = {
  'x-fc-request-id': 'req-42',
  'x-fc-access-key-id': 'STS.key',
  'x-fc-access-key-secret': 'secret',
  'x-fc-security-token': 'token',
  'x-fc-function-name': 'media-planner',
  'x-fc-function-memory': '1024',
  'x-fc-region': 'cn-hangzhou',
  'x-fc-account-id': '1234567890',
  'content-type': 'application/octet-stream',
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('custom runtime adapter', () => {
  let server: Server;
  let url: string;
  const lines: string[] = [];
  const seen: Array<{ event: string; requestId: string; region: string; key: string; token?: string; memory?: number }> = [];

  beforeAll(async () => {
    server = createInvokeServer(
      async (event, ctx) => {
        seen.push({
          event: event.toString(),
          requestId: ctx.requestId,
          region: ctx.region,
          key: ctx.credentials.accessKeyId,
          token: ctx.credentials.securityToken,
          memory: ctx.function.memory,
        });
        if (event.toString() === 'boom') throw new TypeError('it broke');
        return { ok: true };
      },
      { log: (line) => lines.push(line) },
    );
    url = await listen(server);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('POST /invoke runs the handler with the raw body and a context built from the x-fc headers', async () => {
    const res = await fetch(`${url}/invoke`, { method: 'POST', headers: FC_HEADERS, body: Buffer.from('{"a":1}') });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-fc-status')).toBe('200');
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toEqual({ event: '{"a":1}', requestId: 'req-42', region: 'cn-hangzhou', key: 'STS.key', token: 'token', memory: 1024 });
    expect(lines).toEqual(expect.arrayContaining(['FC Invoke Start RequestId: req-42', 'FC Invoke End RequestId: req-42']));
  });

  test('a thrown error is a failed invocation: 404, x-fc-status 404, the Node.js runtime error body, one error line', async () => {
    lines.length = 0;
    const res = await fetch(`${url}/invoke`, { method: 'POST', headers: FC_HEADERS, body: 'boom' });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-fc-status')).toBe('404');
    const body = (await res.json()) as { errorMessage: string; errorType: string; stackTrace: string[] };
    expect(body).toMatchObject({ errorMessage: 'it broke', errorType: 'TypeError' });
    expect(Array.isArray(body.stackTrace)).toBe(true);
    const errors = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(errors).toEqual([expect.objectContaining({ level: 'error', requestId: 'req-42', error: expect.objectContaining({ name: 'TypeError' }) })]);
  });

  test('lifecycle hooks answer 200; unknown paths 404', async () => {
    expect((await fetch(`${url}/initialize`, { method: 'POST', headers: FC_HEADERS })).status).toBe(200);
    expect((await fetch(`${url}/pre-stop`, { headers: FC_HEADERS })).status).toBe(200);
    expect((await fetch(`${url}/other`, { method: 'POST', headers: FC_HEADERS })).status).toBe(404);
  });

  test('missing headers give empty fields rather than a crash', () => {
    expect(contextFromHeaders({})).toEqual({
      requestId: '',
      region: '',
      accountId: '',
      credentials: { accessKeyId: '', accessKeySecret: '' },
      function: { name: '' },
    });
  });
});

/** What the construct renders into the media functions' environment (names only matter here). */
const FUNCTION_ENV = {
  [MEDIA_ENV.settings]: JSON.stringify({
    inputPrefix: 'uploads/',
    outputPrefix: 'processed/',
    ladder: [{ name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 }],
    packaging: 'hls',
    segmentSeconds: 6,
    stageDeadlineSeconds: 93600,
    inputSuffixes: ['.mp4'],
  }),
  [MEDIA_ENV.sourceBucket]: 'src',
  [MEDIA_ENV.outputBucket]: 'src',
  [MEDIA_ENV.jobTable]: 'jobs',
  [MEDIA_ENV.otsInstance]: 'inst',
  [MEDIA_ENV.otsEndpoint]: 'https://inst.cn-hangzhou.ots.aliyuncs.com',
  [MEDIA_ENV.transcoderFunction]: 'transcoder',
};

describe.each(['media-planner', 'media-transcoder'])('the %s bundle, started as FC starts it', (entry) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fsc-${entry}-`));
  const index = path.join(dir, 'index.js');
  const zip = fs.readFileSync(path.resolve(__dirname, '../../../../dist/bundles', `${entry}.zip`));
  fs.writeFileSync(index, firstZipEntry(zip).data);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // No layer, nothing on PATH, no npm builds: what a function without FFmpeg6x sees.
  const bare = { PATH: '', NODE_PATH: path.join(dir, 'none'), FC_FUNCTION_NAME: entry };

  test('without ffmpeg it fails its cold start with exit code 1 and one structured error line naming both tools', async () => {
    const { code, stdout } = await run(index, { ...bare, FC_CUSTOM_LISTEN_PORT: '0' });
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 'error', fn: entry, error: { name: 'MediaToolsMissing', code: 'ToolNotFound' } });
    expect(line.error.message).toMatch(/ffmpeg not found.*ffprobe not found/);
  });

  test('with ffmpeg and ffprobe it serves POST /invoke (a malformed event is answered, not retried)', async () => {
    const port = 19000 + Math.floor(Math.random() * 1000);
    const env = {
      ...bare,
      ...FUNCTION_ENV,
      FFMPEG_PATH: locateTool('ffmpeg'),
      FFPROBE_PATH: locateTool('ffprobe'),
      FC_CUSTOM_LISTEN_PORT: String(port),
    };
    const child = spawn(process.execPath, [index], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const res = await retryFetch(`http://127.0.0.1:${port}/invoke`, { method: 'POST', headers: FC_HEADERS, body: 'not json' });
      const body = await res.text();
      expect({ status: res.status, fcStatus: res.headers.get('x-fc-status') }).toEqual({ status: 200, fcStatus: '200' });
      expect(body).toMatch(/Malformed event at \$: not JSON/);
    } finally {
      child.kill();
    }
  });
});

function run(file: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

async function retryFetch(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
