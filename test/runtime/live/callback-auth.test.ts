/** Live's publish callbacks: the captured request parsed, signatures valid, forged and stale. */
import { callbackSignature, checkCallbackSignature, parseStreamCallback } from '../../../runtime/live/callback-auth';

/** A real publish callback, captured in public PHP code (its query exactly as sent: usrargs not encoded). */
const CAPTURED =
  'action=publish&ip=113.67.227.55&id=8_20170707&app=live.zier21.com&appname=zier21live&time=1499409789' +
  '&usrargs=vhost=live.zier21.com&auth_key=1499411297-0-0-ece4301d77b30103de2ba7e5bab536ca&node=eu13';

describe('stream callbacks', () => {
  it("parses the captured publish callback, the push URL's auth_key included", () => {
    const query = Object.fromEntries(new URLSearchParams(CAPTURED));
    expect(parseStreamCallback(query)).toEqual({
      action: 'publish',
      stream: '8_20170707',
      appName: 'zier21live',
      domain: 'live.zier21.com',
      time: 1499409789,
      userArgs: { vhost: 'live.zier21.com', auth_key: '1499411297-0-0-ece4301d77b30103de2ba7e5bab536ca' },
      ip: '113.67.227.55',
      node: 'eu13',
    });
    // Encoded by the service, it arrives whole in usrargs once the query is decoded.
    const raw = `action=publish&id=s&app=d&appname=a&time=1&usrargs=${encodeURIComponent('auth_key=a&x=1')}`;
    const encoded = Object.fromEntries(new URLSearchParams(raw));
    expect(parseStreamCallback(encoded).userArgs).toEqual({ auth_key: 'a', x: '1' });
  });

  it.each([
    ['an unknown action', { action: 'record' }, 'action'],
    ['no stream', { action: 'publish', appname: 'a', app: 'd', time: '1' }, 'id'],
    ['a bad time', { action: 'publish', id: 's', appname: 'a', app: 'd', time: 'soon' }, 'time'],
  ])('refuses %s, naming the field', (_what, query, field) => {
    expect(() => parseStreamCallback(query)).toThrow(expect.objectContaining({ field }));
  });

  const check = { domain: 'push.example.com', key: 'notify-key', nowMs: 1_700_000_000_000, maxSkewSeconds: 300 };
  it('accepts md5(domain|timestamp|key) and refuses a forged, missing or stale one', () => {
    // The documented form, md5sum(learn.aliyundoc.com|1519375990|yourkey), computed here (the page gives no hash).
    expect(callbackSignature('learn.aliyundoc.com', '1519375990', 'yourkey')).toBe('9e226fc2c250be266e3657e156f68c12');
    const ts = '1700000000';
    const headers = { 'ALI-LIVE-TIMESTAMP': ts, 'ALI-LIVE-SIGNATURE': callbackSignature(check.domain, ts, check.key) };
    expect(() => checkCallbackSignature(headers, check)).not.toThrow();
    expect(() => checkCallbackSignature({ 'ali-live-timestamp': ts, 'ali-live-signature': headers['ALI-LIVE-SIGNATURE'] }, check)).not.toThrow();
    const forged = { ...headers, 'ALI-LIVE-SIGNATURE': callbackSignature(check.domain, ts, 'guess') };
    expect(() => checkCallbackSignature(forged, check)).toThrow(expect.objectContaining({ field: 'ALI-LIVE-SIGNATURE', reason: 'does not match' }));
    expect(() => checkCallbackSignature({ 'ALI-LIVE-TIMESTAMP': ts }, check)).toThrow(expect.objectContaining({ field: 'ALI-LIVE-SIGNATURE' }));
    const old = '1699999000';
    const stale = { 'ALI-LIVE-TIMESTAMP': old, 'ALI-LIVE-SIGNATURE': callbackSignature(check.domain, old, check.key) };
    expect(() => checkCallbackSignature(stale, check)).toThrow(expect.objectContaining({ field: 'ALI-LIVE-TIMESTAMP' }));
  });
});
