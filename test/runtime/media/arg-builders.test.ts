import { codecsString, masterPlaylist, measureBandwidth, parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import type { Rendition } from '../../../runtime/media/ladder';
import { hlsRenditionArgs, mp4RenditionArgs, overlayPosition, thumbnailArgs, thumbnailTimes, videoFilterGraph } from '../../../runtime/media/transcode';
import { locateTool } from '../../../runtime/shared/ffmpeg';
import { toolEnv } from '../../../runtime/shared/ffmpeg/run-tool';

const r360: Rendition = { name: '360p', width: 640, height: 360, fps: 25, videoBitrate: 730, audioBitrate: 96 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('HLS rendition arguments', () => {
  const args = hlsRenditionArgs({ input: 'in.mp4', rendition: r360, hasAudio: true }, { segmentSeconds: 6, playlistFile: 'o/index.m3u8', segmentPattern: 'o/segment_%05d.ts' });

  it('encodes H.264 at the rung bitrate with a VBV cap', () => {
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-b:v')).toBe('730k');
    expect(valueAfter(args, '-maxrate')).toBe('803k');
    expect(valueAfter(args, '-bufsize')).toBe('1460k');
  });

  it('fixes a 2 s GOP without scene cuts so segments align across renditions', () => {
    expect(valueAfter(args, '-g')).toBe('50');
    expect(valueAfter(args, '-keyint_min')).toBe('50');
    expect(valueAfter(args, '-sc_threshold')).toBe('0');
    expect(valueAfter(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
  });

  it('writes a VOD playlist with named segments, output last', () => {
    expect(valueAfter(args, '-hls_time')).toBe('6');
    expect(valueAfter(args, '-hls_playlist_type')).toBe('vod');
    expect(valueAfter(args, '-hls_segment_filename')).toBe('o/segment_%05d.ts');
    expect(args[args.length - 1]).toBe('o/index.m3u8');
  });

  it('maps AAC audio only when the source has audio', () => {
    expect(valueAfter(args, '-c:a')).toBe('aac');
    expect(valueAfter(args, '-b:a')).toBe('96k');
    const silent = hlsRenditionArgs({ input: 'in.mp4', rendition: r360, hasAudio: false }, { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' });
    expect(silent).not.toContain('-c:a');
    expect(silent).not.toContain('0:a:0');
  });
});

describe('MP4 rendition arguments', () => {
  it('moves the index to the front', () => {
    const args = mp4RenditionArgs({ input: 'in.mp4', rendition: r360, hasAudio: true }, 'out.mp4');
    expect(valueAfter(args, '-movflags')).toBe('+faststart');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', 'out.mp4']);
  });
});

describe('watermark overlay', () => {
  it('adds the PNG as input 1, scaled to a fraction of the output width, placed with its margin', () => {
    const args = hlsRenditionArgs(
      { input: 'in.mp4', rendition: r360, hasAudio: false, watermark: { file: 'mark.png', position: 'bottom-right', marginPx: 16, widthFraction: 0.15 } },
      { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' },
    );
    expect(args.filter((_arg, i) => args[i - 1] === '-i')).toEqual(['in.mp4', 'mark.png']);
    const graph = valueAfter(args, '-filter_complex');
    expect(graph).toContain('[1:v]scale=96:-2[mark]');
    expect(graph).toContain('overlay=x=W-w-16:y=H-h-16');
    expect(graph.endsWith('[v]')).toBe(true);
  });

  it('places each corner', () => {
    expect(overlayPosition('top-left', 8)).toBe('x=8:y=8');
    expect(overlayPosition('top-right', 8)).toBe('x=W-w-8:y=8');
    expect(overlayPosition('bottom-left', 8)).toBe('x=8:y=H-h-8');
  });

  it('is absent without a watermark', () => {
    expect(videoFilterGraph(r360)).toBe('[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v]');
  });
});

describe('thumbnails', () => {
  it('takes N evenly spaced frames, one seeked input and one JPEG output each', () => {
    const times = thumbnailTimes(10, 4);
    expect(times).toEqual([1.25, 3.75, 6.25, 8.75]);
    const args = thumbnailArgs('in.mp4', times.slice(0, 2), 160, ['a.jpg', 'b.jpg']);
    expect(args.join(' ')).toContain('-ss 1.25 -i in.mp4 -ss 3.75 -i in.mp4');
    expect(args.join(' ')).toContain('-map 1:v:0 -frames:v 1 -vf scale=160:-2');
    expect(args.filter((a) => a.endsWith('.jpg'))).toEqual(['a.jpg', 'b.jpg']);
  });
});

describe('HLS playlists', () => {
  it('reads segments and measures peak and average bandwidth', () => {
    const segments = parseMediaPlaylist('#EXTM3U\n#EXTINF:2.000000,\ns0.ts\n#EXTINF:1.000000,\ns1.ts\n#EXT-X-ENDLIST\n');
    expect(segments).toEqual([{ uri: 's0.ts', durationSeconds: 2 }, { uri: 's1.ts', durationSeconds: 1 }]);
    expect(measureBandwidth([{ bytes: 1000, durationSeconds: 2 }, { bytes: 1000, durationSeconds: 1 }])).toEqual({ peak: 8000, average: 5334 });
  });

  it('orders variants by bandwidth and quotes CODECS', () => {
    const text = masterPlaylist([
      { uri: 'hi/index.m3u8', bandwidth: 900, averageBandwidth: 800, width: 640, height: 360, codecs: 'avc1.64001e,mp4a.40.2' },
      { uri: 'lo/index.m3u8', bandwidth: 200, averageBandwidth: 150, width: 416, height: 234, codecs: 'avc1.64000d' },
    ]);
    expect(text.split('\n').filter((l) => !l.startsWith('#') && l)).toEqual(['lo/index.m3u8', 'hi/index.m3u8']);
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=900,AVERAGE-BANDWIDTH=800,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"');
  });

  it('builds RFC 6381 codecs from profile and level', () => {
    expect(codecsString('High', 30, true)).toBe('avc1.64001e,mp4a.40.2');
    expect(codecsString('Main', 31, false)).toBe('avc1.4d401f');
  });
});

describe('locating ffmpeg', () => {
  const none = () => false;
  it('prefers the env variable, then the FC layer, then PATH, then the npm installer', () => {
    expect(locateTool('ffmpeg', { env: { FFMPEG_PATH: '/x/ffmpeg' }, isExecutable: () => true })).toBe('/x/ffmpeg');
    expect(locateTool('ffprobe', { env: { PATH: '/usr/bin' }, isExecutable: (f) => f === '/opt/bin/ffprobe' || f === '/usr/bin/ffprobe' })).toBe('/opt/bin/ffprobe');
    expect(locateTool('ffmpeg', { env: { PATH: '/a:/usr/bin' }, isExecutable: (f) => f === '/usr/bin/ffmpeg' })).toBe('/usr/bin/ffmpeg');
    expect(locateTool('ffmpeg', { env: {}, isExecutable: none, requireInstaller: (n) => ({ path: `/nm/${n}` }) })).toBe('/nm/@ffmpeg-installer/ffmpeg');
    expect(() => locateTool('ffmpeg', { env: {}, isExecutable: none, requireInstaller: () => undefined })).toThrow(/FFMPEG_PATH/);
  });

  it('keeps the npm static builds away from the host gconv modules', () => {
    expect(toolEnv('/r/node_modules/@ffprobe-installer/linux-x64/ffprobe', {}).GCONV_PATH).toBeDefined();
    expect(toolEnv('/opt/bin/ffprobe', {}).GCONV_PATH).toBeUndefined();
  });
});
