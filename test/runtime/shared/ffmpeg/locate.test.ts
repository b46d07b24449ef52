import { locateTool } from '../../../../runtime/shared/ffmpeg';
import { toolEnv } from '../../../../runtime/shared/ffmpeg/run-tool';

describe('locating ffmpeg', () => {
  const none = () => false;
  it('prefers the env variable, then the FC layer, then PATH, then the npm installer', () => {
    expect(locateTool('ffmpeg', { env: { FFMPEG_PATH: '/x/ffmpeg' }, isExecutable: () => true })).toBe('/x/ffmpeg');
    expect(
      locateTool('ffprobe', { env: { PATH: '/usr/bin' }, isExecutable: (f) => f === '/opt/bin/ffprobe' || f === '/usr/bin/ffprobe' }),
    ).toBe('/opt/bin/ffprobe');
    expect(locateTool('ffmpeg', { env: { PATH: '/a:/usr/bin' }, isExecutable: (f) => f === '/usr/bin/ffmpeg' })).toBe('/usr/bin/ffmpeg');
    expect(
      locateTool('ffmpeg', { env: {}, isExecutable: none, requireInstaller: (n) => ({ path: `/nm/${n}` }) }),
    ).toBe('/nm/@ffmpeg-installer/ffmpeg');
    expect(() => locateTool('ffmpeg', { env: {}, isExecutable: none, requireInstaller: () => undefined })).toThrow(/FFMPEG_PATH/);
  });

  it('keeps the npm static builds away from the host gconv modules', () => {
    expect(toolEnv('/r/node_modules/@ffprobe-installer/linux-x64/ffprobe', {}).GCONV_PATH).toBeDefined();
    expect(toolEnv('/opt/bin/ffprobe', {}).GCONV_PATH).toBeUndefined();
  });
});
