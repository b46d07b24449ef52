/** Placeholder until the official layer table lands (the lint branch provides the real one). */
const VERSIONS: Record<string, number> = { FFmpeg6x: 1, 'Nodejs-Aliyun-SDK': 4 };
export function officialLayerArn(name: string): string {
  return `acs:fc:\${ALIYUN::Region}:official:layers/${name}/versions/${VERSIONS[name]}`;
}
