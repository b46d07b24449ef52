export { Annotations } from './annotations';
export type { Annotation } from './annotations';
export { Template } from './template';
export type { FindResourcesOptions, ResourceJson, TemplateJson } from './template';
export { Capture, Match, Matcher } from './match';
export type { MatchFailure } from './match';
export { maskZipFiles, snapshotSerializer } from './snapshot-serializer';
export type { SnapshotSerializer } from './snapshot-serializer';
