/** Segment names carry the job's version; a version's files are told from every other name in a shared folder. */
import { chunkSegmentFile, chunkSegmentPattern, isSegmentOf, segmentFile, segmentPattern } from '../../../runtime/media/segment-names';

const JOB = '1a2b3c4d' + '0'.repeat(24);

describe('segment names', () => {
  it('names whole-source and chunk segments by the first 8 hex digits of the job, as the ffmpeg patterns number them', () => {
    expect(segmentFile(JOB, 0)).toBe('1a2b3c4d_00000.ts');
    expect(chunkSegmentFile(JOB, 3, 12)).toBe('1a2b3c4d_003_00012.ts');
    expect(segmentPattern(JOB).replace('%05d', '00007')).toBe(segmentFile(JOB, 7));
    expect(chunkSegmentPattern(JOB, 3).replace('%05d', '00012')).toBe(chunkSegmentFile(JOB, 3, 12));
  });

  it('tells the job’s segments from anything else a folder holds', () => {
    expect([segmentFile(JOB, 0), chunkSegmentFile(JOB, 31, 99999)].every((f) => isSegmentOf(JOB, f))).toBe(true);
    const others = ['index.m3u8', 'segment_00000.ts', '1a2b3c4e_00000.ts', '1a2b3c4d_0000.ts', '1a2b3c4d_00000.ts.tmp', 'x/1a2b3c4d_00000.ts'];
    expect(others.filter((f) => isSegmentOf(JOB, f))).toEqual([]);
  });
});
