import * as ros from '@alicloud/ros-cdk-core';
import * as oss from '@alicloud/ros-cdk-oss';
import { childId, physicalName } from './naming';
import { checkTags } from './tags';
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
  /**
   * Server-side encryption. `'none'` turns it off, which the rule pack reports (FSC-OSS2) unless suppressed with a reason.
   * @default 'AES256'
   */
  readonly encryption?: 'AES256' | 'KMS' | 'SM4' | 'none';
  /**
   * Block public access (ACLs and bucket policies that would make objects public). `false` turns it off, which the rule
   * pack reports (FSC-OSS1) unless suppressed with a reason.
   * @default true
   */
  readonly blockPublicAccess?: boolean;
  /**
   * CORS rules, e.g. for uploads straight from browsers with signed URLs:
   * `{ corsRule: [{ allowedOrigin: ['https://app.example.com'], allowedMethod: ['PUT'], allowedHeader: ['*'] }] }`
   * (ALIYUN::OSS::Bucket `CORSConfiguration`).
   * @default - none: browsers on other origins cannot call the bucket
   */
  readonly cors?: oss.RosBucket.CORSConfigurationProperty;
  /**
   * Lifecycle rules, e.g. expire uploads after they are processed or move old outputs to IA:
   * `{ rule: [{ prefix: 'uploads/', status: 'Enabled', expiration: { days: 30 } }] }` (ALIYUN::OSS::Bucket
   * `LifecycleConfiguration`; the key of a storage-class change is `transition`).
   * @default - none: objects stay until deleted
   */
  readonly lifecycle?: oss.RosBucket.LifecycleConfigurationProperty;
  /**
   * Tags of the bucket, over the pattern's `tags` (at most 20; see tags.ts for the rules).
   * @default - the pattern's tags
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Any other ALIYUN::OSS::Bucket property (website, referer, logging, …), merged over the settings above. Turning a
   * secure default off here is reported by the rule pack as above.
   * @default - none
   */
  readonly rosBucketProps?: Omit<Partial<oss.RosBucketProps>, 'bucketName'>;
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
    validator.oneOf(`${prop}.encryption`, props.encryption, ['AES256', 'KMS', 'SM4', 'none'] as const);
    checkTags(props.tags, validator, `${prop}.tags`);
    if (props.rosBucketProps && 'bucketName' in props.rosBucketProps) {
      validator.fail(
        `${prop}.rosBucketProps.bucketName`,
        (props.rosBucketProps as { bucketName?: unknown }).bucketName,
        `set ${prop}.bucketName instead`,
      );
    }
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
        blockPublicAccess: props.blockPublicAccess ?? true,
        serverSideEncryptionConfiguration:
          props.encryption === 'none' ? undefined : { sseAlgorithm: props.encryption ?? 'AES256', kmsMasterKeyId: props.kmsKeyId },
        versioningConfiguration: props.versioning ? { status: 'Enabled' } : undefined,
        redundancyType: props.redundancy ?? 'LRS',
        deletionForce: props.deletionForce ?? false,
        corsConfiguration: props.cors,
        lifecycleConfiguration: props.lifecycle,
        tags: props.tags,
        ...props.rosBucketProps,
      },
      true,
    );
    this.bucketName = ros.Token.asString(this.bucket.attrName);
  }
}
