import { recordRejection, uploadRejection } from '../../../runtime/media/uploads';

const rules = { inputPrefix: 'media/', outputPrefix: 'media/processed/', inputSuffixes: ['.mp4', '.mov'] };

describe('which keys are uploads the pipeline processes', () => {
  it.each(['media/a.mp4', 'media/IMG_0001.MOV', 'media/clip.Mp4', 'media/sub/x.mov'])('%s is processed', (key) => {
    expect(uploadRejection(rules, key)).toBeUndefined();
  });

  it.each([
    ['elsewhere/a.mp4', /not under the input prefix "media\/"/],
    ['media/processed/media/a.mp4/180p/video.mp4', /under the output prefix "media\/processed\/"/],
    ['media/logo.png', /does not end with one of \.mp4 \.mov \(any case\)/],
    ['media/a.mp4.part', /does not end with one of/],
  ])('%s is not, and the reason says why', (key, reason) => {
    expect(uploadRejection(rules, key)).toMatch(reason);
  });

  it('an event record matches when either its decoded or its raw key does', () => {
    expect(recordRejection(rules, { key: 'media/a b.MOV', rawKey: 'media/a+b.MOV', eventName: 'ObjectCreated:PutObject' })).toBeUndefined();
    expect(recordRejection(rules, { key: 'media/x%2F.png', rawKey: 'media/x%2F.mp4', eventName: 'ObjectCreated:PutObject' })).toBeUndefined();
    expect(recordRejection(rules, { key: 'media/a b.png', rawKey: 'media/a+b.png', eventName: 'ObjectCreated:PutObject' })).toMatch(/does not end with/);
  });
});
