/**
 * `fc-solution-constructs local`: the pattern and its settings come from the user's synthesized assembly (several
 * constructs need --construct), usage errors exit 2 with what to do, a served API answers with the template's
 * settings until stopped and then sums up, and a media run's progress comes from the functions' log lines.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import { DispatchSystem, IotIngest, MediaPipeline } from '../../constructs';
import { runLocalCommand } from '../../bin/local/local-command';
import { mediaProgress } from '../../bin/local/media-progress';
import { choosePattern, findSynthesizedPatterns } from '../../bin/local/synthesized-patterns';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsc-local-'));
  const app = new ros.App({ outdir: path.join(dir, 'cdk.out') });
  const stack = new ros.Stack(app, 'Two');
  new MediaPipeline(stack, 'Clips', { outputPrefix: 'clips/' });
  new MediaPipeline(stack, 'Films', { outputPrefix: 'films/' });
  new IotIngest(new ros.Stack(app, 'Feed'), 'Feed', { push: { appKey: '333123456' }, maxBodyBytes: 2048 });
  new DispatchSystem(new ros.Stack(app, 'Orders'), 'Orders', { push: { appKey: '333123456' } });
  app.synth();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], stopped: Promise<unknown> = Promise.resolve()) {
  const lines: string[] = [];
  const code = await runLocalCommand(args, { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), stopped });
  return { code, out: lines.join('\n') };
}

describe('the patterns of a synthesized assembly', () => {
  test('each construct with its path, template, functions and the settings they deploy with', () => {
    const found = findSynthesizedPatterns(path.join(dir, 'cdk.out'));
    expect(found.map((p) => `${p.kind} ${p.path} ${p.template} ${p.functions.length}`).sort()).toEqual([
      'dispatch Orders/Orders Orders.template.json 4',
      'iot Feed/Feed Feed.template.json 7',
      'media Two/Clips Two.template.json 4',
      'media Two/Films Two.template.json 4',
    ]);
    expect(JSON.parse(found.find((p) => p.path === 'Two/Films')!.settingsJson).outputPrefix).toBe('films/');
  });

  test('two of a kind need --construct, by path or id; a wrong one lists the candidates', () => {
    const found = findSynthesizedPatterns(path.join(dir, 'cdk.out'));
    expect(() => choosePattern(found, 'media', undefined, 'cdk.out')).toThrow(
      '2 MediaPipelines in cdk.out: choose one with --construct (Two/Clips (MediaPipeline), Two/Films (MediaPipeline))',
    );
    expect(choosePattern(found, 'media', 'Films', 'cdk.out').path).toBe('Two/Films');
    expect(choosePattern(found, 'media', 'Two/Clips', 'cdk.out').path).toBe('Two/Clips');
    expect(() => choosePattern(found, 'media', 'Movies', 'cdk.out')).toThrow('--construct Movies names none of the MediaPipelines in cdk.out');
    expect(() => choosePattern(found, 'live', undefined, 'cdk.out')).toThrow(
      /^no LiveMuxCluster in cdk.out \(found: .*Orders\/Orders \(DispatchSystem\)/,
    );
  });
});

describe('local', () => {
  test('usage errors exit 2 and say what to do', async () => {
    const assembly = path.join(dir, 'cdk.out');
    expect(await run(['media', __filename, '--assembly', path.join(dir, 'nothing')])).toMatchObject({
      code: 2,
      out: expect.stringContaining('synthesize your app into it first (new ros.App({ outdir:'),
    });
    expect(await run(['media', '--assembly', assembly])).toMatchObject({
      code: 2,
      out: expect.stringContaining('local media takes one video file, got 0'),
    });
    expect(await run(['media', 'no-such.mp4', '--assembly', assembly])).toMatchObject({
      code: 2,
      out: expect.stringContaining('no such file: no-such.mp4'),
    });
    expect(await run(['iot', '--port', 'x', '--assembly', assembly])).toMatchObject({
      code: 2,
      out: expect.stringContaining('--port x: expected a port number'),
    });
    expect(await run(['iot', '--colour', '--assembly', assembly])).toMatchObject({
      code: 2,
      out: expect.stringContaining('unknown option --colour'),
    });
    expect(await run([])).toMatchObject({ code: 2, out: expect.stringContaining('no pattern given') });
    expect(await run(['dispatch', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('--construct <path>') });
    // A port in use: what to do, not a stack trace.
    const taken = http.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as AddressInfo).port);
    try {
      expect(await run(['dispatch', '--port', port, '--assembly', assembly])).toMatchObject({
        code: 2,
        out: expect.stringContaining(`port ${port} is in use: choose another with --port, or --port 0 for a free one`),
      });
    } finally {
      taken.close();
    }
  });

  test("iot serves the content API with the template's settings until stopped, then sums up", async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const lines: string[] = [];
    const served = runLocalCommand(['iot', '--assembly', path.join(dir, 'cdk.out')], {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      stopped,
    });
    for (let i = 0; i < 200 && !lines.some((l) => l.startsWith('serving on ')); i++) await new Promise((r) => setTimeout(r, 10));
    const url = /serving on (\S+)/.exec(lines.join('\n'))![1];
    // 2,048 bytes is this construct's limit (the default is 16 KB).
    const tooBig = await fetch(`${url}/posts`, {
      method: 'POST',
      body: JSON.stringify({ idempotencyKey: 'k', author: 'a', text: 'x'.repeat(2100) }),
    });
    expect(tooBig.status).toBe(413);
    const created = await fetch(`${url}/posts`, { method: 'POST', body: JSON.stringify({ idempotencyKey: 'k', author: 'a', text: 'hello there' }) });
    expect(created.status).toBe(201);
    let found: unknown[] = [];
    for (let i = 0; i < 100 && found.length === 0; i++) found = ((await (await fetch(`${url}/posts?q=hello`)).json()) as { posts: unknown[] }).posts;
    expect(found).toHaveLength(1);
    stop();
    expect(await served).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('Feed/Feed: settings from');
    expect(out).toContain('POST /posts → 413');
    expect(out).toMatch(/stopped\.\nanswers: 200 ×\d+, 201 ×1, 413 ×1\ndecisions logged: index ×1/);
  });
});

describe('media progress', () => {
  test('probe, plan, each part with its count, the end, and warnings, from the log lines', () => {
    const printed: string[] = [];
    let now = 0;
    const progress = mediaProgress(
      (l) => printed.push(l),
      1_000_000,
      () => now,
    );
    const log = (entry: Record<string, unknown>) => progress.log(JSON.stringify({ level: 'info', ...entry }));
    log({ msg: 'source probed', source: { width: 1280, height: 720, videoCodec: 'h264', durationSeconds: 12.5 } });
    log({ msg: 'job planned', parts: ['720p', 'thumbnails'] });
    now = 2500;
    log({ msg: 'part done', part: '720p', durationMs: 2400 });
    log({ msg: 'something else' });
    log({ level: 'warn', msg: 'CDN prefetch quota reached' });
    progress.log('not json');
    log({ msg: 'job done' });
    log({ msg: 'source probed', chunks: 3, source: { width: 1920, height: 1080, videoCodec: 'h264', durationSeconds: 95 } });
    progress.stop();
    expect(printed).toEqual([
      '[   0.0 s] probed 1280x720 h264 12.5 s',
      '[   0.0 s] planned 2 parts: 720p, thumbnails',
      '[   2.5 s] part 720p done in 2.4 s (1/2)',
      '[   2.5 s] warn: CDN prefetch quota reached',
      '[   2.5 s] job done: outputs published',
      '[   2.5 s] probed 1920x1080 h264 95.0 s, cut into 3 chunks at its key frames',
    ]);
  });

  test('a heartbeat says what is under way when nothing was printed for a while', async () => {
    const printed: string[] = [];
    let now = 0;
    const progress = mediaProgress(
      (l) => printed.push(l),
      20,
      () => now,
    );
    const until = async (n: number) => {
      for (let i = 0; i < 400 && printed.length < n; i++) await new Promise((r) => setTimeout(r, 5));
    };
    now = 30;
    await until(1);
    progress.log(JSON.stringify({ msg: 'job planned', parts: ['a', 'b'] }));
    now = 60;
    await until(3);
    progress.stop();
    expect(printed).toEqual(['[   0.0 s] probing the source', '[   0.0 s] planned 2 parts: a, b', '[   0.1 s] transcoding: 0/2 parts done']);
  });
});
