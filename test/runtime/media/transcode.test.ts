import type { Rendition } from '../../../runtime/media/ladder';
import { hlsRenditionArgs, mp4RenditionArgs } from '../../../runtime/media/transcode';

const r360: Rendition = { name: '360p', width: 640, height: 360, fps: 25, videoBitrate: 730, audioBitrate: 96 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('HLS rendition arguments', () => {
  const args = hlsRenditionArgs(
    { input: 'in.mp4', rendition: r360, hasAudio: true },
    { segmentSeconds: 6, playlistFile: 'o/index.m3u8', segmentPattern: 'o/segment_%05d.ts' },
  );

  it('encodes the rendition from the filter graph at its bitrate and GOP', () => {
    expect(valueAfter(args, '-filter_complex')).toBe('[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v]');
    expect(valueAfter(args, '-map')).toBe('[v]');
    expect(valueAfter(args, '-b:v')).toBe('730k');
    expect(valueAfter(args, '-g')).toBe('50');
  });

  it('writes a VOD playlist with named segments, output last', () => {
    expect(valueAfter(args, '-hls_time')).toBe('6');
    expect(valueAfter(args, '-hls_playlist_type')).toBe('vod');
    expect(valueAfter(args, '-hls_segment_filename')).toBe('o/segment_%05d.ts');
    expect(args[args.length - 1]).toBe('o/index.m3u8');
  });

  it('maps AAC audio only when the source has audio', () => {
    expect(args.join(' ')).toContain('-map 0:a:0 -c:a aac -b:a 96k');
    const silent = hlsRenditionArgs(
      { input: 'in.mp4', rendition: r360, hasAudio: false },
      { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' },
    );
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

describe('watermark', () => {
  it('adds the PNG as input 1 and overlays it in its corner', () => {
    const args = hlsRenditionArgs(
      {
        input: 'in.mp4',
        rendition: r360,
        hasAudio: false,
        watermark: { file: 'mark.png', position: 'bottom-right', marginPx: 16, widthFraction: 0.15 },
      },
      { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' },
    );
    expect(args.filter((_arg, i) => args[i - 1] === '-i')).toEqual(['in.mp4', 'mark.png']);
    expect(valueAfter(args, '-filter_complex')).toContain('[1:v]scale=96:-2[mark];[base][mark]overlay=x=W-w-16:y=H-h-16');
  });
});
