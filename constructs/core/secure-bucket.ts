import * as ros from '@alicloud/ros-cdk-core';
import * as oss from '@alicloud/ros-cdk-oss';
import { childId, physicalName } from './naming';
import { Validator } from './validation';

/** A bucket the user already has. */
export interface BucketRef {
  /** Name of the OSS bucket, in the stack's region. */
  readonly bucketName: string;
}

export interface SecureBucketProps {
  /**
   * Name of the bucket: 3-63 lowercase letters, digits and hyphens, unique across OSS.
   *
   * @default - generated from the stack and pattern, with region and account id for global uniqueness
   */
  readonly bucketName?: string;
  /** Server-side encryption. @default 'AES256' */
  readonly encryption?: 'AES256' | 'KMS' | 'SM4';
  /** KMS key for `encryption: 'KMS'`. @default - the OSS-managed KMS key */
  readonly kmsKeyId?: string;
  /** Keep overwritten and deleted objects as old versions. @default false */
  readonly versioning?: boolean;
  /** Delete the objects too when the stack is deleted; without it, the stack delete fails on a non-empty bucket. @default false */
  readonly deletionForce?: boolean;
  /**
   * `ZRS` keeps copies in several zones of the region, but only some regions offer it (about a
   * dozen, e.g. cn-hangzhou, cn-shanghai, cn-beijing, cn-shenzhen, cn-hongkong, ap-southeast-1:
   * https://www.alibabacloud.com/help/en/oss/user-guide/zrs), and a bucket cannot switch later.
   * `LRS` is offered in every region where Function Compute runs.
   * @default 'LRS'
   */
  readonly redundancy?: 'LRS' | 'ZRS';
}

/** A private bucket with public access blocked and server-side encryption on. */
export class SecureBucket extends ros.Construct implements BucketRef {
  /** The OSS bucket: private, public access blocked, encrypted. */
  readonly bucket: oss.RosBucket;
  /** The bucket's name, as its `Fn::GetAtt`: whoever uses it waits for the bucket. */
  readonly bucketName: string;

  constructor(scope: ros.Construct, id: string, props: SecureBucketProps, validator: Validator, prop: string, purpose: string) {
    super(scope, id);
    validator.oneOf(`${prop}.encryption`, props.encryption, ['AES256', 'KMS', 'SM4'] as const);
    validator.oneOf(`${prop}.redundancy`, props.redundancy, ['LRS', 'ZRS'] as const);
    if (props.kmsKeyId !== undefined && props.encryption !== 'KMS') {
      validator.fail(`${prop}.kmsKeyId`, props.kmsKeyId, "only applies with encryption: 'KMS'");
    }
    const name = physicalName(scope, validator, `${prop}.bucketName`, 'bucket', purpose, props.bucketName);
    this.bucket = new oss.RosBucket(
      this,
      childId(id, 'Bucket'),
      {
        bucketName: name,
        accessControl: 'private',
        blockPublicAccess: true,
        serverSideEncryptionConfiguration: { sseAlgorithm: props.encryption ?? 'AES256', kmsMasterKeyId: props.kmsKeyId },
        versioningConfiguration: props.versioning ? { status: 'Enabled' } : undefined,
        redundancyType: props.redundancy ?? 'LRS',
        deletionForce: props.deletionForce ?? false,
      },
      true,
    );
    this.bucketName = ros.Token.asString(this.bucket.attrName);
  }
}
