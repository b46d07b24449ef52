import { codecsString, masterPlaylist, measureBandwidth, parseMediaPlaylist } from '../../../runtime/media/hls-playlist';

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
