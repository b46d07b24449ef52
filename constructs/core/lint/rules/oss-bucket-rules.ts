/** Secure defaults for OSS buckets: private, public access blocked, encrypted at rest. */
import { isRecord } from '../context';
import { Rule } from './rule';

const BUCKET = 'ALIYUN::OSS::Bucket';

const publicBucket: Rule = {
  id: 'FSC-OSS1',
  severity: 'error',
  description: 'Bucket is public: AccessControl public-* or BlockPublicAccess not true.',
  check: (ctx) =>
    ctx.ofType(BUCKET).flatMap(([id, bucket]) => {
      const acl = bucket.Properties?.AccessControl;
      const block = bucket.Properties?.BlockPublicAccess;
      const hits = [];
      if (typeof acl === 'string' && acl.startsWith('public-')) {
        hits.push({
          resource: id,
          path: 'Properties.AccessControl',
          message: `AccessControl is "${acl}": use "private" and serve objects through signed URLs or a CDN origin.`,
        });
      }
      // Anything but literal true leaves the account-level default in charge, which may allow public ACLs.
      if (block !== true) {
        hits.push({ resource: id, path: 'Properties.BlockPublicAccess', message: 'BlockPublicAccess is not true: set BlockPublicAccess: true.' });
      }
      return hits;
    }),
};

const unencryptedBucket: Rule = {
  id: 'FSC-OSS2',
  severity: 'error',
  description: 'Bucket has no ServerSideEncryptionConfiguration.',
  check: (ctx) =>
    ctx.ofType(BUCKET)
      .filter(([, bucket]) => !isRecord(bucket.Properties?.ServerSideEncryptionConfiguration))
      .map(([id]) => ({
        resource: id,
        path: 'Properties.ServerSideEncryptionConfiguration',
        message: 'bucket is not encrypted at rest: set ServerSideEncryptionConfiguration { SSEAlgorithm: "AES256" } (or KMS).',
      })),
};

export const OSS_BUCKET_RULES: readonly Rule[] = [publicBucket, unencryptedBucket];
