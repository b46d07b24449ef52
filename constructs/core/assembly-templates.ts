/** The synthesized templates of a cloud assembly folder (`cdk.out`): what the linter, the local runs and the bench read. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One synthesized template of an assembly folder: its file name, its stack, its JSON. */
export interface AssemblyTemplate {
  readonly file: string;
  readonly stack: string;
  readonly template: { Resources?: Record<string, { Type?: string; Properties?: Record<string, any>; Metadata?: unknown }> };
}

/** Every `<stack>.template.json` of an assembly folder (`cdk.out`), parsed, in file-name order. */
export function assemblyTemplates(dir: string): AssemblyTemplate[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.template.json'))
    .sort()
    .map((file) => ({
      file,
      stack: file.slice(0, -'.template.json'.length),
      template: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as AssemblyTemplate['template'],
    }));
}
