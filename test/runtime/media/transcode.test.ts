import type { Rendition } from '../../../runtime/media/ladder';
import { CHUNK_TIMELINE_OFFSET_SECONDS } from '../../../runtime/media/chunks';
import { audioTrackArgs, hlsRenditionArgs, mp4RenditionArgs } from '../../../runtime/media/transcode';

const r360: Rendition = { name: '360p', width: 640, height: 360, fps: 25, videoBitrate: 730, audioBitrate: 96 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('HLS rendition arguments', () => {
  const args = hlsRenditionArgs({ input: 'in.mp4', renditions: [r360], hasAudio: true }, [
    { segmentSeconds: 6, playlistFile: 'o/index.m3u8', segmentPattern: 'o/segment_%05d.ts' },
  ]);

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
    const silent = hlsRenditionArgs({ input: 'in.mp4', renditions: [r360], hasAudio: false }, [
      { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' },
    ]);
    expect(silent).not.toContain('-c:a');
    expect(silent).not.toContain('0:a:0');
  });
});

describe('MP4 rendition arguments', () => {
  it('moves the index to the front', () => {
    const args = mp4RenditionArgs({ input: 'in.mp4', renditions: [r360], hasAudio: true }, ['out.mp4']);
    expect(valueAfter(args, '-movflags')).toBe('+faststart');
    expect(args.slice(-3)).toEqual(['-f', 'mp4', 'out.mp4']);
  });
});

describe('watermark', () => {
  it('adds the PNG as input 1 and overlays it in its corner', () => {
    const args = hlsRenditionArgs(
      {
        input: 'in.mp4',
        renditions: [r360],
        hasAudio: false,
        watermark: { file: 'mark.png', position: 'bottom-right', marginPx: 16, widthFraction: 0.15 },
      },
      [{ segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' }],
    );
    expect(args.filter((_arg, i) => args[i - 1] === '-i')).toEqual(['in.mp4', 'mark.png']);
    expect(valueAfter(args, '-filter_complex')).toContain('[1:v]scale=96:-2[mark];[base][mark]overlay=x=W-w-16:y=H-h-16');
  });
});

describe('several renditions from one decode', () => {
  const r234: Rendition = { name: '234p', width: 416, height: 234, fps: 25, videoBitrate: 145, audioBitrate: 64 };
  const outs = ['a', 'b'].map((d) => ({ segmentSeconds: 6, playlistFile: `${d}/index.m3u8`, segmentPattern: `${d}/segment_%05d.ts` }));
  const single = (r: Rendition, i: number) => hlsRenditionArgs({ input: 'in.mp4', renditions: [r], hasAudio: true }, [outs[i]]);
  const both = hlsRenditionArgs({ input: 'in.mp4', renditions: [r360, r234], hasAudio: true }, outs);

  it('reads the input once and splits the decode into one branch per rendition, each the chain it has alone', () => {
    expect(both.filter((a) => a === '-i')).toHaveLength(1);
    expect(valueAfter(both, '-filter_complex')).toBe(
      '[0:v]split=2[s0][s1];[s0]fps=25,scale=640:360,setsar=1,format=yuv420p[v0];[s1]fps=25,scale=416:234,setsar=1,format=yuv420p[v1]',
    );
  });

  it('encodes and packages each rendition with exactly the arguments it gets alone', () => {
    const tail = (args: string[], label: string) => args.slice(args.indexOf(label) + 1);
    // Between `-map [v0]` and `-map [v1]`: the first rendition's encoders, its audio and its HLS output.
    expect(both.slice(both.indexOf('[v0]') + 1, both.indexOf('[v1]') - 1)).toEqual(tail(single(r360, 0), '[v]'));
    expect(tail(both, '[v1]')).toEqual(tail(single(r234, 1), '[v]'));
  });

  it('splits the watermark too, scaled to each output', () => {
    const mark = { file: 'mark.png', position: 'top-left' as const, marginPx: 4, widthFraction: 0.5 };
    const graph = valueAfter(
      hlsRenditionArgs({ input: 'in.mp4', renditions: [r360, r234], hasAudio: false, watermark: mark }, outs),
      '-filter_complex',
    );
    expect(graph).toContain('[1:v]split=2[m0][m1]');
    expect(graph).toContain('[m0]scale=320:-2[mark0]');
    expect(graph).toContain('[m1]scale=208:-2[mark1]');
  });

  it('refuses outputs that do not match the renditions', () => {
    expect(() => hlsRenditionArgs({ input: 'in.mp4', renditions: [r360, r234], hasAudio: false }, [outs[0]])).toThrow(/one output per rendition/);
  });
});

describe('a chunk of a long source', () => {
  const chunk = { index: 2, startMicros: 3_200_000, endMicros: 8_000_000 };
  const args = hlsRenditionArgs({ input: 'in.mp4', renditions: [r360], hasAudio: true, chunk }, [
    { segmentSeconds: 6, playlistFile: 'o/index.m3u8', segmentPattern: 'o/segment_002_%05d.ts' },
  ]);

  it('reads from its key frame for its length (input options, exact microseconds)', () => {
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-i') + 2)).toEqual(['-ss', '3.200000', '-t', '4.800000', '-i', 'in.mp4']);
  });

  it('has no audio (the audio part makes it) and its timestamps start at its place plus the chunked offset', () => {
    expect(args).not.toContain('0:a:0');
    expect(valueAfter(args, '-output_ts_offset')).toBe((3.2 + CHUNK_TIMELINE_OFFSET_SECONDS).toFixed(6));
  });

  it('the last chunk runs to the end', () => {
    const last = hlsRenditionArgs({ input: 'in.mp4', renditions: [r360], hasAudio: true, chunk: { index: 3, startMicros: 8_000_000 } }, [
      { segmentSeconds: 6, playlistFile: 'p', segmentPattern: 's' },
    ]);
    expect(last).not.toContain('-t');
    expect(valueAfter(last, '-ss')).toBe('8.000000');
  });
});

describe('the audio tracks of a chunked job', () => {
  const out = (b: number) => ({ segmentSeconds: 6, playlistFile: `a${b}/index.m3u8`, segmentPattern: `a${b}/segment_%05d.ts` });
  const args = audioTrackArgs('in.mp4', { 'If-Match': '"e"' }, [
    { bitrate: 128, out: out(128) },
    { bitrate: 64, out: out(64) },
  ]);

  it('one AAC HLS output per bitrate from the whole source, on the chunks’ timeline', () => {
    expect(args.join(' ')).toContain('-map 0:a:0 -c:a aac -b:a 128k -ac 2 -ar 48000 -output_ts_offset 10.000000 -f hls -hls_time 6');
    expect(args.join(' ')).toContain('-b:a 64k');
    expect(args.filter((a) => a.endsWith('index.m3u8'))).toEqual(['a128/index.m3u8', 'a64/index.m3u8']);
    expect(args).not.toContain('-ss');
    expect(valueAfter(args, '-headers')).toBe('If-Match: "e"\r\n');
  });
});
