/** The package's command line: `lint [dir]` over a synthesized assembly, its exit codes and its help. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import * as oss from '@alicloud/ros-cdk-oss';
import { main } from '../../constructs/cli';
import { suppress } from '../../constructs/core/lint';

function assembly(publicBucket: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsc-cli-'));
  const app = new ros.App({ outdir });
  const stack = new ros.Stack(app, 'CliStack');
  const site = new oss.RosBucket(stack, 'Site', { bucketName: ros.Fn.sub('site-${ALIYUN::TenantId}'), accessControl: 'public-read' }, true);
  suppress(site, 'FSC-OSS1', 'a static website served to the public');
  suppress(site, 'FSC-OSS2', 'nothing secret lives in this bucket');
  if (publicBucket) new oss.RosBucket(stack, 'Leak', { bucketName: ros.Fn.sub('leak-${ALIYUN::TenantId}'), accessControl: 'public-read' }, true);
  app.synth();
  return outdir;
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('fc-solution-constructs CLI', () => {
  test('lint: 0 when clean, listing each suppression with its reason', async () => {
    const { code, out } = await run(['lint', assembly(false)]);
    expect(code).toBe(0);
    expect(out).toMatch(/^lint: 1 template\(s\), 0 error\(s\), 0 warning\(s\), \d+ suppressed with a reason/);
    expect(out).toContain('suppressed FSC-OSS1 Site in CliStack.template.json: a static website served to the public');
  });

  test('lint: 1 when a finding is an error, naming it', async () => {
    const { code, out } = await run(['lint', assembly(true)]);
    expect(code).toBe(1);
    expect(out).toMatch(/^CliStack\.template\.json:\n {2}ERROR +FSC-OSS1 +Leak/m);
  });

  test('help, usage errors and an unreadable folder', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('lint [dir]') });
    expect((await run(['lint', '--help'])).code).toBe(0);
    expect((await run([])).code).toBe(2);
    expect(await run(['bogus'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "bogus"') });
    expect((await run(['lint', 'a', 'b'])).code).toBe(2);
    expect(await run(['lint', path.join(os.tmpdir(), 'no-such-assembly')])).toMatchObject({
      code: 2,
      err: expect.stringContaining('no cloud assembly'),
    });
  });
});
