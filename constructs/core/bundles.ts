import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the build step records about each prebuilt runtime bundle. */
export interface BundleInfo {
  /** File name of the zip inside the bundles folder. */
  file: string;
  /** sha256 of the zip bytes, hex. */
  sha256: string;
  /** Size of the zip in bytes. */
  bytes: number;
}

export const PACKAGE_NAME = 'fc-solution-constructs';

let cachedDir: string | undefined;
let cachedManifest: Record<string, BundleInfo> | undefined;

/**
 * The folder holding the prebuilt zips: `dist/bundles` under this package's root, found by walking
 * up from this file, so it works from sources (tests), from `dist/` and from an installed package.
 */
export function bundlesDir(): string {
  if (cachedDir) return cachedDir;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) break;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: cannot find the package root above ${__dirname}`);
    dir = parent;
  }
  cachedDir = path.join(dir, 'dist', 'bundles');
  return cachedDir;
}

export function bundleManifest(): Record<string, BundleInfo> {
  if (cachedManifest) return cachedManifest;
  const file = path.join(bundlesDir(), 'manifest.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${PACKAGE_NAME}: no prebuilt runtime bundles at ${bundlesDir()}; run \`npm run build\` in the library first`);
  }
  cachedManifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, BundleInfo>;
  return cachedManifest;
}

/** The zip of one runtime entry (e.g. "media-planner"), read from the package: synth never runs esbuild. */
export function readBundle(entry: string): { info: BundleInfo; zip: Buffer; path: string } {
  const info = bundleManifest()[entry];
  if (!info) {
    const known = Object.keys(bundleManifest()).join(', ');
    throw new Error(`${PACKAGE_NAME}: unknown runtime entry '${entry}'; prebuilt entries are: ${known}`);
  }
  const file = path.join(bundlesDir(), info.file);
  return { info, zip: fs.readFileSync(file), path: file };
}
