import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  classifyMediaFailure,
  FfmpegError,
  NotAVideoError,
  PERMANENT_STDERR,
  probe,
  runFfmpeg,
  TRANSIENT_STDERR,
} from '../../../../runtime/shared/ffmpeg';

const exited = (stderr: string, exitCode = 1) => new FfmpegError('/opt/bin/ffprobe', ['in.mp4'], { exitCode }, stderr);

/** Stderr as the tools print it (ffprobe 6 and ffmpeg 7 on bytes of no container; ffmpeg 4 and 7 without a decoder). */
const PERMANENT_SAMPLES = [
  '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x3f698140] moov atom not found\nrand.mp4: Invalid data found when processing input\n',
  '[in#0 @ 0x3f68fa00] Error opening input: Invalid data found when processing input\nError opening input file rand.mp4.\n',
  '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x270acc40] moov atom not found\n',
  'Decoder (codec apac) not found for input stream #0:2\n',
  '[aist#0:2/none] Decoding requested, but no decoder found for: none\nError opening output files: Invalid argument\n',
];

const TRANSIENT_SAMPLES = [
  'https://b.oss-cn-hangzhou.aliyuncs.com/a.mp4?Signature=x: Server returned 5XX Server Error reply\n',
  'Server returned 403 Forbidden (access denied)\n',
  '[tcp @ 0x1] Connection to tcp://b.oss:443 failed: Connection timed out\n',
  '[tls @ 0x1] Connection reset by peer\n[mov @ 0x2] moov atom not found\nInvalid data found when processing input\n',
  '[tcp @ 0x1] Connection to tcp://b.oss:443 failed: Connection refused\n',
  'https://b/a.mp4: Input/output error\n',
  'Resource temporarily unavailable\n',
  '[tcp @ 0x1] Failed to resolve hostname b.oss-cn-hangzhou.aliyuncs.com: Temporary failure in name resolution\n',
  'Exiting normally, received signal 15.\n',
  'Received signal 15: terminating.\n',
];

describe('media failure classification', () => {
  it.each(PERMANENT_SAMPLES)('a tool that exited on its own with %j is permanent', (stderr) => {
    const kind = classifyMediaFailure(exited(stderr, 183));
    expect(kind.permanent).toBe(true);
  });

  it.each(TRANSIENT_SAMPLES)('%j is transient, even when the input also looked invalid', (stderr) => {
    expect(classifyMediaFailure(exited(stderr)).permanent).toBe(false);
  });

  it('every documented pattern is exercised by a sample', () => {
    for (const pattern of PERMANENT_STDERR) expect(PERMANENT_SAMPLES.some((s) => pattern.test(s))).toBe(true);
    for (const pattern of TRANSIENT_STDERR) expect(TRANSIENT_SAMPLES.some((s) => pattern.test(s))).toBe(true);
  });

  it('a killed or unstarted tool is transient whatever it printed', () => {
    const invalid = 'Invalid data found when processing input';
    expect(classifyMediaFailure(new FfmpegError('ffmpeg', [], { signal: 'SIGKILL' }, invalid)).permanent).toBe(false);
    expect(classifyMediaFailure(new FfmpegError('ffmpeg', [], {}, invalid, 'spawn ENOENT')).permanent).toBe(false);
  });

  it('an unrecognised tool error and any other error are transient', () => {
    expect(classifyMediaFailure(exited('Error initializing filter scale\n')).permanent).toBe(false);
    expect(classifyMediaFailure(new Error('OTS timeout')).permanent).toBe(false);
    expect(classifyMediaFailure(Object.assign(new Error('Throttling'), { code: 'Throttling.User' })).permanent).toBe(false);
  });

  it('no video stream (parseProbeOutput) is permanent, with its reason', () => {
    expect(classifyMediaFailure(new NotAVideoError('no video stream'))).toEqual({ permanent: true, reason: 'not a video: no video stream' });
  });

  it('the reason is readable and keeps no URL signature', () => {
    const err = new FfmpegError('/opt/bin/ffprobe', [], { exitCode: 1 }, 'https://b.oss/u/a.mp4?Expires=1&Signature=abc: Invalid data found when processing input');
    expect(classifyMediaFailure(err)).toEqual({ permanent: true, reason: 'ffprobe failed (exit 1): https://b.oss/u/a.mp4: Invalid data found when processing input' });
  });
});

describe('media failure classification with the real tools', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'failure-kind-'));
  });

  const failureOf = (run: Promise<unknown>) => run.then(() => undefined, (err: unknown) => err);

  it('ffprobe on bytes of no container fails permanently', async () => {
    const file = path.join(dir, 'bytes.mp4');
    await fs.writeFile(file, Buffer.alloc(4096, 7));
    const kind = classifyMediaFailure(await failureOf(probe(file)));
    expect(kind).toMatchObject({ permanent: true, reason: expect.stringMatching(/Invalid data found when processing input/) });
  });

  it('ffmpeg on a truncated MP4 fails permanently', async () => {
    const whole = path.join(dir, 'whole.mp4');
    await runFfmpeg([
      '-hide_banner', '-nostdin', '-y', '-v', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=5:duration=1',
      '-c:v', 'libx264',
      whole,
    ]);
    const truncated = path.join(dir, 'truncated.mp4');
    await fs.writeFile(truncated, (await fs.readFile(whole)).subarray(0, 1000));
    const kind = classifyMediaFailure(await failureOf(runFfmpeg(['-hide_banner', '-nostdin', '-v', 'error', '-i', truncated, '-f', 'null', '-'])));
    expect(kind).toMatchObject({ permanent: true, reason: expect.stringMatching(/moov atom not found|Invalid data/) });
  });

  it('ffprobe on a missing local file is not judged permanent (the planner checks existence itself)', async () => {
    expect(classifyMediaFailure(await failureOf(probe(path.join(dir, 'absent.mp4')))).permanent).toBe(false);
  });
});
