import { NotAVideoError, parseProbeOutput, type ProbeStream } from '../../../../runtime/shared/ffmpeg';

const matrix = (rotation: number) => ({ side_data_list: [{ side_data_type: 'Display Matrix', displaymatrix: '\n00000000: ...', rotation }] });
const video = (extra: Partial<ProbeStream> = {}): ProbeStream => ({
  codec_type: 'video',
  codec_name: 'h264',
  width: 1280,
  height: 720,
  avg_frame_rate: '30/1',
  ...extra,
});
const parse = (stream: ProbeStream, formatName = 'mov,mp4,m4a,3gp,3g2,mj2') =>
  parseProbeOutput({ format: { format_name: formatName, duration: '2.0' }, streams: [stream] });
const orientation = (stream: ProbeStream) => {
  const p = parse(stream);
  return { displayed: [p.width, p.height], coded: [p.codedWidth, p.codedHeight], rotation: p.rotation };
};

describe('probe parsing: displayed orientation', () => {
  it('an unrotated stream is shown as stored', () => {
    expect(orientation(video())).toEqual({ displayed: [1280, 720], coded: [1280, 720], rotation: 0 });
  });

  it('reads the rotate tag (clockwise, ffprobe ≤ 4)', () => {
    expect(orientation(video({ tags: { rotate: '90' } }))).toEqual({ displayed: [720, 1280], coded: [1280, 720], rotation: 90 });
    expect(orientation(video({ tags: { rotate: '180' } }))).toEqual({ displayed: [1280, 720], coded: [1280, 720], rotation: 180 });
  });

  it.each([
    // The display matrix rotation is counter-clockwise: a phone's portrait video (rotate tag 90) reports -90.
    [-90, 90, [720, 1280]],
    [90, 270, [720, 1280]],
    [180, 180, [1280, 720]],
    [-180, 180, [1280, 720]],
    [270, 90, [720, 1280]],
    [-270, 270, [720, 1280]],
  ])('reads the display matrix rotation %d as %d° clockwise', (matrixRotation, clockwise, displayed) => {
    expect(orientation(video(matrix(matrixRotation)))).toEqual({ displayed, coded: [1280, 720], rotation: clockwise });
  });

  it('prefers the display matrix over the tag, as ffmpeg does', () => {
    expect(orientation(video({ tags: { rotate: '90' }, ...matrix(90) })).rotation).toBe(270);
  });

  it('ignores side data that is not a display matrix', () => {
    expect(orientation(video({ side_data_list: [{ side_data_type: 'Spherical Mapping' }] })).rotation).toBe(0);
  });
});

describe('probe parsing: what is not a video', () => {
  it.each([
    ['no streams', { format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2' }, streams: [] }, /no video stream/],
    ['audio only', { format: { format_name: 'mp3' }, streams: [{ codec_type: 'audio', codec_name: 'mp3' }] }, /no video stream/],
    ['audio with cover art', { format: { format_name: 'mp3' }, streams: [{ codec_type: 'audio' }, video({ codec_name: 'mjpeg', disposition: { attached_pic: 1 } })] }, /no video stream/],
    ['a PNG', { format: { format_name: 'png_pipe' }, streams: [video({ codec_name: 'png' })] }, /still image \(png_pipe\)/],
    ['a JPEG through image2', { format: { format_name: 'image2' }, streams: [video({ codec_name: 'mjpeg' })] }, /still image \(image2\)/],
  ])('%s throws NotAVideoError', (_name, json, message) => {
    expect(() => parseProbeOutput(json)).toThrow(NotAVideoError);
    expect(() => parseProbeOutput(json)).toThrow(message);
  });

  it('keeps the audio of a video with audio', () => {
    const p = parseProbeOutput({
      format: { format_name: 'mov,mp4', duration: '2.5', bit_rate: '1000' },
      streams: [video(), { codec_type: 'audio', codec_name: 'aac' }],
    });
    expect(p).toMatchObject({ durationSeconds: 2.5, hasAudio: true, audioCodec: 'aac', fps: 30, bitrate: 1000 });
  });
});
