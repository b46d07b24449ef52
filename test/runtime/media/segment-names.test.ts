/** Segment names carry the version (the job's claim); a version's files are told from every other name in a shared folder. */
import {
  chunkSegmentFile,
  chunkSegmentPattern,
  isFileOf,
  playlistFile,
  playlistVersion,
  segmentFile,
  segmentPattern,
  versionTag,
} from '../../../runtime/media/segment-names';

const JOB = { jobId: '1a2b3c4d' + '0'.repeat(24), claimedBy: 'planner-request-1' };

describe('segment names', () => {
  it('tags a version by its job and its claim: the same upload claimed again is another version', () => {
    expect(versionTag(JOB)).toMatch(/^[0-9a-f]{8}$/);
    expect(versionTag(JOB)).toBe(versionTag({ ...JOB }));
    expect(versionTag({ ...JOB, claimedBy: 'planner-request-2' })).not.toBe(versionTag(JOB));
  });

  it('names whole-source and chunk segments by the tag, as the ffmpeg patterns number them', () => {
    expect(segmentFile('1a2b3c4d', 0)).toBe('1a2b3c4d_00000.ts');
    expect(chunkSegmentFile('1a2b3c4d', 3, 12)).toBe('1a2b3c4d_003_00012.ts');
    expect(segmentPattern('1a2b3c4d').replace('%05d', '00007')).toBe(segmentFile('1a2b3c4d', 7));
    expect(chunkSegmentPattern('1a2b3c4d', 3).replace('%05d', '00012')).toBe(chunkSegmentFile('1a2b3c4d', 3, 12));
  });

  it('tells the version’s files (its segments and its playlist) from anything else a folder holds', () => {
    const own = [segmentFile('1a2b3c4d', 0), chunkSegmentFile('1a2b3c4d', 31, 99999), playlistFile('1a2b3c4d')];
    expect(own.every((f) => isFileOf('1a2b3c4d', f))).toBe(true);
    expect(['1a2b3c4d.m3u8', 'index.m3u8', '1a2b3c4d.m3u8.bak'].map(playlistVersion)).toEqual(['1a2b3c4d', undefined, undefined]);
    const others = ['index.m3u8', '1a2b3c4e.m3u8', '1a2b3c4d.m3u8.tmp', 'segment_00000.ts', '1a2b3c4e_00000.ts', '1a2b3c4d_0000.ts'];
    others.push('1a2b3c4d_00000.ts.tmp', 'x/1a2b3c4d_00000.ts');
    expect(others.filter((f) => isFileOf('1a2b3c4d', f))).toEqual([]);
    // A tag that is not 8 hex digits matches nothing (it would be a pattern).
    expect(isFileOf('.*', '1a2b3c4d_00000.ts')).toBe(false);
  });
});
