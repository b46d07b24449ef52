import {
  aacArgs,
  inputArgs,
  overlayPosition,
  scaleFilter,
  thumbnailArgs,
  thumbnailTimes,
  videoFilterGraph,
  x264Args,
} from '../../../../runtime/shared/ffmpeg/args';

const target = { width: 640, height: 360, fps: 25, videoBitrate: 730 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('x264 encoding', () => {
  const args = x264Args(target);

  it('encodes H.264 at the target bitrate with a VBV cap', () => {
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
});

describe('AAC encoding', () => {
  it('is stereo 48 kHz at the given bitrate', () => {
    expect(aacArgs(96)).toEqual(['-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-ar', '48000']);
  });
});

describe('video filter graph', () => {
  it('sets frame rate, size and square pixels', () => {
    expect(scaleFilter(target)).toBe('fps=25,scale=640:360,setsar=1');
    expect(videoFilterGraph(target)).toBe('[0:v]fps=25,scale=640:360,setsar=1,format=yuv420p[v]');
  });

  it('overlays input 1 scaled to a fraction of the output width, placed with its margin', () => {
    const graph = videoFilterGraph(target, { position: 'bottom-right', marginPx: 16, widthFraction: 0.15 });
    expect(graph).toContain('[1:v]scale=96:-2[mark]');
    expect(graph).toContain('overlay=x=W-w-16:y=H-h-16');
    expect(graph.endsWith('[v]')).toBe(true);
  });

  it('places each corner', () => {
    expect(overlayPosition('top-left', 8)).toBe('x=8:y=8');
    expect(overlayPosition('top-right', 8)).toBe('x=W-w-8:y=8');
    expect(overlayPosition('bottom-left', 8)).toBe('x=8:y=H-h-8');
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

  it('sends HTTP headers before each input that needs them (If-Match pins a version), none for a file', () => {
    expect(inputArgs('in.mp4')).toEqual(['-i', 'in.mp4']);
    expect(inputArgs('https://b/k', { 'If-Match': '"AB"' })).toEqual(['-headers', 'If-Match: "AB"\r\n', '-i', 'https://b/k']);
    const args = thumbnailArgs('https://b/k', [1, 2], 160, ['a.jpg', 'b.jpg'], { 'If-Match': '"AB"' });
    expect(args.filter((a) => a === '-headers')).toHaveLength(2);
  });
});
