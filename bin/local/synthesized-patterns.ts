/**
 * The patterns a user's synthesized assembly holds, with the settings their functions deploy with: each
 * pattern's functions carry the same settings JSON in one environment variable (MEDIA_SETTINGS, …), so the
 * local run reads exactly what Function Compute would, from the user's own cdk.out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DISPATCH_ENV } from '../../runtime/dispatch/settings';
import { IOT_ENV } from '../../runtime/iot/settings';
import { LIVE_ENV } from '../../runtime/live/settings';
import { MEDIA_ENV } from '../../runtime/media/settings';
import { assemblyTemplates } from '../../constructs/core/assembly-templates';

export const PATTERN_KINDS = ['media', 'dispatch', 'iot', 'live'] as const;
export type PatternKind = (typeof PATTERN_KINDS)[number];

/** The construct each kind is, for messages. */
export const PATTERN_CLASS: Record<PatternKind, string> = {
  media: 'MediaPipeline',
  dispatch: 'DispatchSystem',
  iot: 'IotIngest',
  live: 'LiveMuxCluster',
};

const SETTINGS_VARIABLE: Record<PatternKind, string> = {
  media: MEDIA_ENV.settings,
  dispatch: DISPATCH_ENV.settings,
  iot: IOT_ENV.settings,
  live: LIVE_ENV.settings,
};

export interface SynthesizedPattern {
  kind: PatternKind;
  /** The construct's path (`MyStack/Media`), from the assembly's tree.json; the functions' common logical-id prefix without it. */
  path: string;
  /** The template it came from, relative to the assembly folder. */
  template: string;
  /** The settings JSON its functions deploy with, unparsed (the runtime's own parser checks it). */
  settingsJson: string;
  functions: string[];
}

/** A problem with the command line or the assembly: the CLI exits 2 with this message. */
export class LocalUsageError extends Error {}

export function findSynthesizedPatterns(assemblyDir: string): SynthesizedPattern[] {
  if (!fs.existsSync(assemblyDir))
    throw new LocalUsageError(
      `no assembly at ${assemblyDir}: synthesize your app into it first (new ros.App({ outdir: '${assemblyDir}' }) then app.synth(), ` +
        'or ros-cdk synth; without an outdir, app.synth() writes to a temporary folder), or name the folder with --assembly',
    );
  const templates = assemblyTemplates(assemblyDir);
  if (templates.length === 0) throw new LocalUsageError(`no *.template.json in ${assemblyDir}: synthesize your app first`);
  const paths = logicalIdPaths(path.join(assemblyDir, 'tree.json'));
  const found = new Map<string, SynthesizedPattern>();
  for (const { file, stack, template } of templates) {
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'ALIYUN::FC3::Function') continue;
      const env = resource.Properties?.EnvironmentVariables ?? {};
      for (const kind of PATTERN_KINDS) {
        const settingsJson = env[SETTINGS_VARIABLE[kind]];
        if (typeof settingsJson !== 'string') continue;
        // The function's node is <construct>/<function construct>/<L1>: the pattern is two levels up.
        const fnPath = paths.get(`${stack}/${logicalId}`);
        const constructPath = fnPath ? fnPath.split('/').slice(0, -2).join('/') : undefined;
        const key = `${file}\0${kind}\0${constructPath ?? settingsJson}`;
        const entry = found.get(key) ?? { kind, path: constructPath ?? '', template: file, settingsJson, functions: [] };
        entry.functions.push(logicalId);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()].map((p) =>
    p.path ? p : { ...p, path: `${p.template.slice(0, -'.template.json'.length)}/${commonPrefix(p.functions)}` },
  );
}

/** The one pattern of this kind, or the one `construct` names (its path, or its last segment). */
export function choosePattern(
  found: SynthesizedPattern[],
  kind: PatternKind,
  construct: string | undefined,
  assemblyDir: string,
): SynthesizedPattern {
  const ofKind = found.filter((p) => p.kind === kind);
  if (ofKind.length === 0) throw new LocalUsageError(`no ${PATTERN_CLASS[kind]} in ${assemblyDir} (found: ${describe(found) || 'no patterns'})`);
  if (construct === undefined) {
    if (ofKind.length === 1) return ofKind[0];
    throw new LocalUsageError(`${ofKind.length} ${PATTERN_CLASS[kind]}s in ${assemblyDir}: choose one with --construct (${describe(ofKind)})`);
  }
  const named = ofKind.filter((p) => p.path === construct || p.path.split('/').pop() === construct);
  if (named.length === 1) return named[0];
  const why = named.length === 0 ? 'names none' : `names ${named.length}`;
  throw new LocalUsageError(`--construct ${construct} ${why} of the ${PATTERN_CLASS[kind]}s in ${assemblyDir} (${describe(ofKind)})`);
}

function describe(patterns: SynthesizedPattern[]): string {
  return patterns.map((p) => `${p.path} (${PATTERN_CLASS[p.kind]})`).join(', ');
}

interface TreeNode {
  id: string;
  path?: string;
  children?: Record<string, TreeNode>;
}

/** `<stack>/<logical id>` → construct path, for the L1s in tree.json (absent: an empty map). ROS CDK's logical id is the L1's id. */
function logicalIdPaths(treeFile: string): Map<string, string> {
  const paths = new Map<string, string>();
  if (!fs.existsSync(treeFile)) return paths;
  const tree = (JSON.parse(fs.readFileSync(treeFile, 'utf8')) as { tree?: TreeNode }).tree;
  const walk = (node: TreeNode, stack: string) => {
    const children = Object.values(node.children ?? {});
    if (node.path && children.length === 0) paths.set(`${stack}/${node.id}`, node.path);
    for (const child of children) walk(child, stack);
  };
  for (const stack of Object.values(tree?.children ?? {})) walk(stack, stack.id);
  return paths;
}

function commonPrefix(ids: string[]): string {
  let prefix = ids[0] ?? '';
  for (const id of ids) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
