/**
 * Function Compute's official public layers: current version and compatible runtimes.
 *
 * Source: the layer table maintained by Function Compute, github.com/awesome-fc/awesome-layers
 * @ 7c90851b6fc6136ade919207b9ad8e3ec3641886 : README.md (every row with an `acs:fc:{region}:official:layers/...` ARN).
 * Python3x-MCP's row there ends in "..."; its runtimes are from docs/Python3x-MCP/README.md at the same commit.
 * Layers published under a developer's account id (not `official`) are not official and not listed.
 */

export interface OfficialLayer {
  /** The newest version the table lists; older versions may exist but are not documented. */
  readonly version: number;
  /** FC rejects a function whose Runtime is not one of these ("runtime: X is not supported by layer"). */
  readonly runtimes: readonly string[];
}

export const OFFICIAL_LAYERS = {
  Python312: { version: 1, runtimes: ['custom.debian12'] },
  Nodejs22: { version: 3, runtimes: ['custom.debian12', 'custom.debian11'] },
  Nodejs24: { version: 1, runtimes: ['custom.debian12', 'custom.debian11'] },
  'PHP81-Debian10': { version: 1, runtimes: ['custom.debian10'] },
  'PHP80-Debian10': { version: 2, runtimes: ['custom.debian10'] },
  Nginx: { version: 1, runtimes: ['custom.debian10'] },
  Python310: { version: 3, runtimes: ['custom', 'custom.debian10', 'custom.debian11', 'custom.debian12'] },
  'Python310-Package-Collection': { version: 3, runtimes: ['custom.debian10'] },
  Python39: { version: 2, runtimes: ['custom', 'custom.debian10'] },
  'Python39-Package-Collection': { version: 3, runtimes: ['custom', 'custom.debian10'] },
  Python38: { version: 2, runtimes: ['custom', 'custom.debian10'] },
  'Python38-Package-Collection': { version: 2, runtimes: ['custom', 'custom.debian10'] },
  Python36: { version: 2, runtimes: ['custom'] },
  'Python36-Package-Collection': { version: 2, runtimes: ['custom'] },
  Dotnet6: { version: 3, runtimes: ['custom.debian10', 'custom'] },
  PHP81: { version: 6, runtimes: ['custom'] },
  PHP80: { version: 7, runtimes: ['custom'] },
  PHP72: { version: 6, runtimes: ['custom'] },
  Java8: { version: 1, runtimes: ['custom.debian10'] },
  Java11: { version: 3, runtimes: ['custom', 'custom.debian10', 'custom.debian11', 'custom.debian12'] },
  Java17: { version: 3, runtimes: ['custom', 'custom.debian10', 'custom.debian11', 'custom.debian12'] },
  Java21: { version: 2, runtimes: ['custom.debian10', 'custom.debian11', 'custom.debian12'] },
  Nodejs20: { version: 3, runtimes: ['custom.debian10', 'custom.debian11', 'custom.debian12'] },
  Nodejs18: { version: 3, runtimes: ['custom.debian10'] },
  Nodejs17: { version: 2, runtimes: ['custom'] },
  Nodejs16: { version: 2, runtimes: ['custom', 'custom.debian10'] },
  Nodejs14: { version: 2, runtimes: ['custom'] },
  Nodejs12: { version: 2, runtimes: ['custom'] },
  Go1: { version: 1, runtimes: ['custom.debian10'] },
  Go118: { version: 1, runtimes: ['custom'] },
  'Nodejs-Puppeteer24x': { version: 1, runtimes: ['custom.debian12'] },
  'Python3-Flask3x': { version: 2, runtimes: ['custom.debian12', 'custom.debian11', 'custom.debian10', 'python3.12'] },
  'Python3x-MCP': { version: 3, runtimes: ['custom.debian12', 'custom.debian11', 'custom.debian10', 'python3.12'] },
  'Python310-OSS2': { version: 1, runtimes: ['python3.10', 'custom.debian10'] },
  'Python39-OSS2': { version: 1, runtimes: ['python3.9', 'custom.debian10'] },
  'Python310-TensorFlow2x': { version: 1, runtimes: ['python3.10', 'custom.debian10'] },
  'Python3x-PyMongo4x': { version: 1, runtimes: ['python3.10', 'custom.debian10'] },
  'Python3x-Pandas2x': { version: 1, runtimes: ['python3.10', 'custom.debian10'] },
  'Python310-PyTorch2x': { version: 1, runtimes: ['python3.10', 'custom.debian10'] },
  'Python39-Pandas1x': { version: 2, runtimes: ['python3.9', 'custom', 'custom.debian10'] },
  'Python39-SciPy1x': { version: 2, runtimes: ['python3.9', 'custom'] },
  'Python36-SciPy1x': { version: 4, runtimes: ['python3.6', 'custom'] },
  'Python39-PyTorch1x': { version: 2, runtimes: ['python3.9', 'custom', 'custom.debian10'] },
  'Python36-PyTorch1x': { version: 2, runtimes: ['python3.6', 'custom'] },
  'Python3-Flask2x': { version: 2, runtimes: ['python3.9', 'python3.10', 'custom', 'custom.debian10'] },
  'Nodejs-Puppeteer17x': { version: 3, runtimes: ['nodejs16', 'nodejs14', 'custom', 'custom.debian10'] },
  'Nodejs-Puppeteer10x': { version: 2, runtimes: ['nodejs14', 'nodejs12', 'nodejs10', 'custom'] },
  'Python310-Opencv4x': { version: 2, runtimes: ['python3.10', 'custom.debian10'] },
  SQLite3: { version: 1, runtimes: ['custom', 'python3.9', 'nodejs14', 'nodejs16', 'java8', 'java11'] },
  FFmpeg6x: { version: 1, runtimes: ['custom', 'custom.debian10', 'python3.10', 'python3.9', 'nodejs14', 'nodejs16', 'java8', 'java11'] },
  'Nodejs-Puppeteer19x': { version: 1, runtimes: ['custom.debian10'] },
  'Python38-Playwright': { version: 1, runtimes: ['custom.debian10'] },
  'Poppler22x-Pdf2image': { version: 1, runtimes: ['python3.10'] },
  ServerlessDevs: {
    version: 4,
    runtimes: [
      'python3.12',
      'custom.debian11',
      'custom.debian10',
      'python3.10',
      'custom',
      'python3.9',
      'python3',
      'nodejs16',
      'nodejs14',
      'java11',
      'java8',
      'go1',
      'dotnetcore3.1',
      'php7.2',
    ],
  },
  'Python310-Aliyun-SDK': { version: 2, runtimes: ['python3.10', 'custom.debian10'] },
  'Aliyun-DataX': { version: 2, runtimes: ['python2.7', 'python3.6', 'python3.9', 'python3.10', 'custom', 'custom.debian10'] },
  'Python39-Aliyun-SDK': { version: 2, runtimes: ['python3.9', 'custom'] },
  'Python36-Aliyun-SDK': { version: 2, runtimes: ['python3.6', 'custom'] },
  'Nodejs-Aliyun-SDK': { version: 4, runtimes: ['nodejs20', 'nodejs18', 'nodejs16', 'nodejs14', 'custom', 'custom.debian10', 'custom.debian11'] },
  ArmsAgent4x: { version: 1, runtimes: ['java8', 'java11', 'custom', 'custom.debian10', 'custom.debian11'] },
  ArmsAgent273x: { version: 1, runtimes: ['java8', 'java11', 'custom', 'custom.debian10'] },
  ArmsAgent273x_JDK17: { version: 1, runtimes: ['custom', 'custom.debian10'] },
  Loggie13x: { version: 1, runtimes: ['custom', 'custom.debian10'] },
} as const satisfies Readonly<Record<string, OfficialLayer>>;

export type OfficialLayerName = keyof typeof OFFICIAL_LAYERS;

/**
 * The `Fn::Sub` body of an official layer's ARN in the deploying region, e.g.
 * `acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1`: the table gives each layer one ARN with a `{region}` placeholder.
 */
export function officialLayerArn(name: OfficialLayerName, version: number = OFFICIAL_LAYERS[name].version): string {
  return `acs:fc:\${ALIYUN::Region}:official:layers/${name}/versions/${version}`;
}
