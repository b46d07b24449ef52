import * as ros from '@alicloud/ros-cdk-core';
import { childId, physicalName } from '../core/naming';
import { Validator } from '../core/validation';

/**
 * Where the functions read the domains' keys: an encrypted OOS parameter, never the template or an environment variable
 * (a value put in one is readable through GetFunction). Created, unless the user brings one, from three NoEcho
 * parameters, so the keys are typed in at deploy time and the template holds only their references.
 *
 * Why OOS rather than a KMS secret: KMS secrets need a purchased KMS instance ("If you want to … use Secrets Manager …
 * you must purchase a KMS instance", https://www.alibabacloud.com/help/en/key-management-service/latest/billing), while an
 * encrypted OOS parameter takes the free KMS service key ("KMS密钥ID：Default Service CMK",
 * https://alibabacloud.com/help/en/ros/use-cases/use-oos-parameter-store-to-create-parameters-for-ros-templates).
 */
export interface LiveKeysParameter {
  /** The OOS parameter's name, as the functions read it. */
  readonly name: string;
  /** The parameter the pattern created (none with `existingKeysParameterName`). */
  readonly resource?: ros.RosResource;
}

/**
 * ApsaraVideo Live's keys are letters and digits; the value is assembled as JSON, so nothing that could end a JSON string
 * (a quote, a backslash) may be in one.
 */
const KEY_PATTERN = '^[A-Za-z0-9]{6,128}$';

const KEYS = [
  { key: 'push', part: 'PushAuthKey', what: "The ingest domain's URL signing key (ApsaraVideo Live, type A, primary key)" },
  { key: 'play', part: 'PlayAuthKey', what: "The streaming domain's URL signing key (ApsaraVideo Live, type A, primary key)" },
  { key: 'callback', part: 'CallbackAuthKey', what: 'The stream callback authentication key (NotifyAuthKey of the ingest domain)' },
] as const;

export function liveKeysParameter(scope: ros.Construct, id: string, existingName: string | undefined, v: Validator): LiveKeysParameter {
  if (existingName !== undefined) return { name: existingName };
  const refs: Record<string, string> = {};
  for (const { key, part, what } of KEYS) {
    const parameter = new ros.RosParameter(scope, childId(id, part), {
      type: ros.RosParameterType.STRING,
      noEcho: true,
      description: `${what}. Letters and digits, 6-128 characters.`,
      allowedPattern: KEY_PATTERN,
      constraintDescription: 'letters and digits, 6-128 characters',
    });
    refs[key] = parameter.valueAsString;
  }
  const name = physicalName(scope, v, 'keysParameter', 'oosParameter', 'live-keys', undefined);
  const resource = new ros.RosResource(scope, childId(id, 'KeysParameter'), {
    type: 'ALIYUN::OOS::SecretParameter',
    properties: {
      SecretParameterName: name,
      // Fn::Sub over the NoEcho parameters: the template holds `${...}` references, the value exists only in OOS.
      Value: ros.Fn.sub('{"push":"${Push}","play":"${Play}","callback":"${Callback}"}', {
        Push: refs.push,
        Play: refs.play,
        Callback: refs.callback,
      }),
      Description: 'ApsaraVideo Live keys of a LiveMuxCluster (push, play, callback)',
    },
  });
  return { name, resource };
}
