/**
 * Template expressions: recognising intrinsics, walking values, and turning a string-valued expression into
 * one canonical symbolic string so that two spellings of the same name compare equal.
 */
import { TemplateResource } from './types';

export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'ALIYUN::Region', 'ALIYUN::AccountId', 'ALIYUN::StackId', 'ALIYUN::StackName',
  'ALIYUN::TenantId', 'ALIYUN::NoValue', 'ALIYUN::Index',
]);

/** `GetAtt X.Attr` that equals one of X's own properties, so both spellings normalise to the same string. */
const ATTRIBUTE_IS_PROPERTY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'ALIYUN::OSS::Bucket': { Name: 'BucketName' },
  'ALIYUN::FC3::Function': { FunctionName: 'FunctionName' },
  'ALIYUN::RAM::Role': { RoleName: 'RoleName' },
  'ALIYUN::RAM::ManagedPolicy': { PolicyName: 'PolicyName' },
};

/** `{ Ref: x }` or `{ 'Fn::Name': args }`: an object with exactly one key naming a function. */
export function intrinsicName(value: unknown): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? keys[0] : undefined;
}

/** Calls `visit` for every value inside `value` (itself included), with a dotted path. */
export function walk(value: unknown, path: string, visit: (value: unknown, path: string) => void): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key, visit);
  }
}

/** `Fn::Sub` body and variables, from either the string or the `[body, vars]` form. */
export function subParts(args: unknown): { body: string; vars: Record<string, unknown> } | undefined {
  if (typeof args === 'string') return { body: args, vars: {} };
  if (Array.isArray(args) && typeof args[0] === 'string') {
    const vars = args[1] && typeof args[1] === 'object' ? (args[1] as Record<string, unknown>) : {};
    return { body: args[0], vars };
  }
  return undefined;
}

/** Placeholder names of a `Fn::Sub` body; `${!Literal}` is an escape, not a placeholder. */
export function subPlaceholders(body: string): string[] {
  return [...body.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]).filter((name) => !name.startsWith('!'));
}

/**
 * Canonical symbolic form of a string-valued expression: literals stay, `Ref` becomes `{Ref:X}` (or
 * `{ALIYUN::Region}` for pseudo parameters), `GetAtt` becomes `{X.Attr}` unless the attribute equals a
 * property of X (then that property's form), `Fn::Sub`/`Fn::Join` are expanded. Anything else becomes an
 * opaque `{?Fn::Name}` that matches only itself.
 */
export function normalise(value: unknown, resources: Readonly<Record<string, TemplateResource>>, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const fn = intrinsicName(value);
  if (!fn || depth > 10) return `{?${fn ?? 'value'}}`;
  const args = (value as Record<string, unknown>)[fn];
  const again = (v: unknown) => normalise(v, resources, depth + 1);
  switch (fn) {
    case 'Ref':
      return PSEUDO_PARAMETERS.has(String(args)) ? `{${args}}` : `{Ref:${args}}`;
    case 'Fn::GetAtt': {
      if (!Array.isArray(args)) return '{?Fn::GetAtt}';
      const [id, attr] = args.map(String);
      const target = resources[id];
      const property = ATTRIBUTE_IS_PROPERTY[String(target?.Type)]?.[attr];
      const own = property === undefined ? undefined : target?.Properties?.[property];
      return own === undefined ? `{${id}.${attr}}` : again(own);
    }
    case 'Fn::Sub': {
      const sub = subParts(args);
      if (!sub) return '{?Fn::Sub}';
      return sub.body.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
        if (name.startsWith('!')) return '${' + name.slice(1) + '}';
        if (name in sub.vars) return again(sub.vars[name]);
        const dot = name.indexOf('.');
        return again(dot > 0 ? { 'Fn::GetAtt': [name.slice(0, dot), name.slice(dot + 1)] } : { Ref: name });
      });
    }
    case 'Fn::Join':
      if (!Array.isArray(args) || typeof args[0] !== 'string' || !Array.isArray(args[1])) return '{?Fn::Join}';
      return args[1].map(again).join(args[0]);
    default:
      return `{?${fn}}`;
  }
}

/** Whether `text` matches `pattern`, where `*` matches any run of characters. */
export function globMatches(pattern: string, text: string): boolean {
  return globsIntersect(pattern, text.replace(/\*/g, '\u0000'));
}

/** Whether some string matches both patterns (`*` = any run), e.g. a policy ARN and a trigger's key range. */
export function globsIntersect(a: string, b: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (b.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (a[i] === '*') result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (b[j] === '*') result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else result = i < a.length && j < b.length && a[i] === b[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
