/** Type A URL signing against the documentation's worked example, and Live's stream URIs. */
import { authKey, signedStreamUrl, streamUri, verifyAuthKey, withoutAuthKeys } from '../../../runtime/live/url-signing';

describe('type A URL signing', () => {
  it('matches the documented worked example (key aliyuncdnexp1234, 2015-10-10 08:00:00 UTC+8)', () => {
    // https://help.aliyun.com/zh/cdn/user-guide/type-a-signing
    expect(authKey('/video/standard/test.mp4', 'aliyuncdnexp1234', 1444435200)).toBe('1444435200-0-0-23bf85053008f5c0e791667a313e28ce');
    // The older page's example, same key and time.
    expect(authKey('/video/standard/1K.html', 'aliyuncdnexp1234', 1444435200)).toBe('1444435200-0-0-80cd3862d699b7118eed99103f2a3a4f');
  });

  it('signs /{app}/{stream} for RTMP, .flv for HTTP-FLV and .m3u8 for HLS', () => {
    expect(streamUri('live', 'room1-mix', 'rtmp')).toBe('/live/room1-mix');
    expect(streamUri('live', 'room1-mix', 'flv')).toBe('/live/room1-mix.flv');
    expect(streamUri('live', 'room1-mix', 'hls')).toBe('/live/room1-mix.m3u8');
    const key = { privateKey: 'k', convention: 'signing-time' as const, lifetimeSeconds: 0 };
    expect(signedStreamUrl('live.example.com', 'live', 's', 'flv', key, 1_700_000_000_500)).toBe(
      `https://live.example.com/live/s.flv?auth_key=${authKey('/live/s.flv', 'k', 1_700_000_000)}`,
    );
  });

  it('puts the expiry in the timestamp under the expiry-time convention', () => {
    const key = { privateKey: 'k', convention: 'expiry-time' as const, lifetimeSeconds: 3600 };
    expect(signedStreamUrl('push.example.com', 'live', 's', 'rtmp', key, 1_700_000_000_000)).toContain('auth_key=1700003600-0-0-');
  });

  it('verifies a key for its own URI while it is valid, and nothing else', () => {
    const value = authKey('/live/mic-1', 'secret', 1_700_000_000);
    expect(verifyAuthKey('/live/mic-1', value, 'secret', 1_700_000_100_000, 1800)).toBe(true);
    expect(verifyAuthKey('/live/mic-2', value, 'secret', 1_700_000_100_000, 1800)).toBe(false);
    expect(verifyAuthKey('/live/mic-1', value, 'other', 1_700_000_100_000, 1800)).toBe(false);
    expect(verifyAuthKey('/live/mic-1', value, 'secret', 1_700_002_000_000, 1800)).toBe(false);
    expect(verifyAuthKey('/live/mic-1', 'garbage', 'secret', 1_700_000_000_000, 1800)).toBe(false);
  });

  it('masks every auth_key in a log text (ffmpeg names the URLs it failed on), keeping the rest', () => {
    const url = signedStreamUrl('push.example.com', 'live', 's', 'rtmp', { privateKey: 'k', convention: 'signing-time', lifetimeSeconds: 60 }, 0);
    const text = `[rtmp @ 0x1] Server error: ${url}&x=1\nrtmp://a/live/t?auth_key=1-0-0-abc: I/O error`;
    expect(withoutAuthKeys(text)).toBe(
      '[rtmp @ 0x1] Server error: rtmp://push.example.com/live/s?auth_key=***&x=1\nrtmp://a/live/t?auth_key=***: I/O error',
    );
  });
});
