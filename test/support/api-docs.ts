/**
 * The TSDoc checker behind test/constructs/api-docs.test.ts: walks what a program's entry files export, through the
 * type checker, and lists every public member without a TSDoc summary and every optional option without `@default`.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

/** Where the checker looks and how it names files in its findings. */
export interface ApiDocsOptions {
  /** The entry files whose exports are the public API. */
  readonly entryFiles: readonly string[];
  /** Findings name files relative to this directory. */
  readonly rootDir: string;
}

/** The package's entry points (package.json "exports"), relative to the repository root. */
export const ENTRY_FILES = ['constructs/index.ts', 'constructs/core/index.ts', 'constructs/testing/index.ts', 'constructs/core/lint/index.ts'];

/** A program over the repository's entry files, compiled with its tsconfig.json. */
export function repoProgram(rootDir: string, entryFiles: readonly string[] = ENTRY_FILES): ts.Program {
  const configPath = path.join(rootDir, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, rootDir, { noEmit: true }, configPath);
  return ts.createProgram(entryFiles.map((f) => path.resolve(rootDir, f)), parsed.options);
}

/** A program over in-memory sources (file name → text), for testing the checker itself. */
export function inMemoryProgram(files: Record<string, string>): ts.Program {
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  const original = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
  const own = (name: string) => files[path.resolve(name)] ?? files[name];
  host.getSourceFile = (name, version, ...rest) => {
    const text = own(name);
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : original.getSourceFile(name, version, ...rest);
  };
  host.fileExists = (name) => own(name) !== undefined || original.fileExists(name);
  host.readFile = (name) => own(name) ?? original.readFile(name);
  const dirs = new Set(Object.keys(files).flatMap((f) => {
    const out: string[] = [];
    for (let d = path.dirname(f); d !== path.dirname(d); d = path.dirname(d)) out.push(d);
    return out;
  }));
  host.directoryExists = (name) => dirs.has(path.resolve(name)) || ts.sys.directoryExists(name);
  return ts.createProgram(Object.keys(files), options, host);
}

/** The TSDoc comment closest to a declaration, if any. */
function jsDocOf(node: ts.Node): ts.JSDoc | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  return docs && docs.length > 0 ? docs[docs.length - 1] : undefined;
}

/** A `@default` value in the house style: a literal (`'hls'`, `2`, `true`, `['.mp4']`) or `- prose`. */
function isWellFormedDefault(text: string): boolean {
  if (/^- \S/.test(text)) return true;
  const parsed = ts.createSourceFile('default.ts', `(${text});`, ts.ScriptTarget.ES2022, true);
  const expr = parsed.statements[0];
  // One statement spanning the whole text: anything after the literal (`6 (cells of 1 km)`) is prose, not a literal.
  if (parsed.statements.length !== 1 || !expr || !ts.isExpressionStatement(expr) || expr.getText(parsed) !== parsed.text) return false;
  const literal = (node: ts.Expression): boolean => {
    if (ts.isParenthesizedExpression(node)) return literal(node.expression);
    if (ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
    if (node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined')) return true;
    if (ts.isPrefixUnaryExpression(node)) return node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand);
    if (ts.isArrayLiteralExpression(node)) return node.elements.every(literal);
    if (ts.isObjectLiteralExpression(node)) {
      return node.properties.every((p) => ts.isPropertyAssignment(p) && literal(p.initializer));
    }
    return false;
  };
  return literal(expr.expression);
}

const isOptionsName = (name: string) => /(Props|Options)$/.test(name);
const isPrivateName = (name: string) => name.startsWith('_') || name.startsWith('#');

/**
 * Every finding, one a line: `file:line Owner.member: missing TSDoc` (no summary), `missing @default` (an optional
 * property of a `*Props`/`*Options` type, or of a type reachable from one, without `@default`) or `malformed @default`.
 */
export function checkApiDocs(program: ts.Program, options: ApiDocsOptions): string[] {
  const checker = program.getTypeChecker();
  const findings = new Set<string>();
  const ownFile = (sf: ts.SourceFile) => !program.isSourceFileDefaultLibrary(sf) && !program.isSourceFileFromExternalLibrary(sf)
    && !sf.fileName.includes('/node_modules/');
  const where = (node: ts.Node) => {
    const sf = node.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    return `${path.relative(options.rootDir, sf.fileName).split(path.sep).join('/')}:${line}`;
  };
  const report = (node: ts.Node, owner: string, member: string, problem: string) => {
    findings.add(`${where(node)} ${owner}.${member}: ${problem}`);
  };

  /** Rule 1: a non-empty summary. Rule 2 (when `needsDefault`): a well-formed `@default`. */
  const checkMember = (node: ts.Node, owner: string, member: string, needsDefault: boolean) => {
    const doc = jsDocOf(node);
    const summary = doc ? (ts.getTextOfJSDocComment(doc.comment) ?? '').trim() : '';
    if (!summary) report(node, owner, member, 'missing TSDoc');
    if (!needsDefault) return;
    const tag = doc?.tags?.find((t) => t.tagName.text === 'default');
    const value = tag ? (ts.getTextOfJSDocComment(tag.comment) ?? '').trim() : '';
    if (!tag || !value) report(node, owner, member, 'missing @default');
    else if (!isWellFormedDefault(value)) report(node, owner, member, `malformed @default (want a literal or "- prose"): ${value}`);
  };

  const memberName = (node: ts.NamedDeclaration, symbol?: ts.Symbol) => {
    const name = node.name;
    if (name && (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))) return name.text;
    return symbol?.getName() ?? '(member)';
  };

  // What was checked, and whether as options: a type seen first as plain is checked again when options reach it.
  const seenObjects = new Map<ts.Node, boolean>();
  const seenTypes = new Map<ts.Type, boolean>();
  const firstVisit = <K>(seen: Map<K, boolean>, key: K, asOptions: boolean) => {
    const before = seen.get(key);
    if (before === true || before === asOptions) return false;
    seen.set(key, asOptions);
    return true;
  };
  const queue: Array<{ type: ts.Type; options: boolean }> = [];

  /** The members of an interface or type literal: documented; optional ones with `@default` if it holds options. */
  const checkObjectDeclaration = (decl: ts.InterfaceDeclaration | ts.TypeLiteralNode, owner: string, options: boolean) => {
    if (!firstVisit(seenObjects, decl, options)) return;
    for (const m of decl.members) {
      if (ts.isIndexSignatureDeclaration(m) || ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) continue;
      const name = memberName(m);
      if (isPrivateName(name)) continue;
      const optional = (ts.isPropertySignature(m) || ts.isMethodSignature(m)) && m.questionToken !== undefined;
      checkMember(m, owner, name, options && optional && ts.isPropertySignature(m));
      if (options && ts.isPropertySignature(m) && m.type) queue.push({ type: checker.getTypeFromTypeNode(m.type), options: true });
    }
  };

  /** Interfaces and object types declared in the repository that a type is made of (unions, arrays, aliases...). */
  const visitType = (type: ts.Type, optionsContext: boolean) => {
    if (!firstVisit(seenTypes, type, optionsContext)) return;
    for (const t of type.aliasTypeArguments ?? []) visitType(t, optionsContext);
    if (type.isUnionOrIntersection()) {
      for (const t of type.types) visitType(t, optionsContext);
      return;
    }
    if (!(type.flags & ts.TypeFlags.Object)) return;
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      for (const t of checker.getTypeArguments(type as ts.TypeReference)) visitType(t, optionsContext);
      return;
    }
    for (const info of checker.getIndexInfosOfType(type)) visitType(info.type, optionsContext);
    const symbol = type.getSymbol();
    for (const decl of symbol?.getDeclarations() ?? []) {
      if (!ownFile(decl.getSourceFile())) continue;
      if (ts.isInterfaceDeclaration(decl)) {
        checkObjectDeclaration(decl, decl.name.text, optionsContext || isOptionsName(decl.name.text));
        for (const base of checker.getBaseTypes(type as ts.InterfaceType)) visitType(base, optionsContext);
      } else if (ts.isTypeLiteralNode(decl)) {
        const alias = type.aliasSymbol?.getName() ?? ownerOf(decl);
        checkObjectDeclaration(decl, alias, optionsContext || isOptionsName(alias));
      }
    }
  };

  /** The name a type literal goes by: its type alias, or the property it types. */
  const ownerOf = (node: ts.Node): string => {
    for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
      if (ts.isTypeAliasDeclaration(p) || ts.isInterfaceDeclaration(p)) return p.name.text;
      if ((ts.isPropertySignature(p) || ts.isPropertyDeclaration(p)) && p.name && ts.isIdentifier(p.name)) {
        const outer = ownerOf(p);
        return `${outer}.${p.name.text}`;
      }
    }
    return '(type)';
  };

  /** The type literals a type alias is made of, at its top (unions, intersections, parentheses, arrays). */
  const typeLiteralsOf = (node: ts.TypeNode): ts.TypeLiteralNode[] => {
    if (ts.isTypeLiteralNode(node)) return [node];
    if (ts.isUnionTypeNode(node) || ts.isIntersectionTypeNode(node)) return node.types.flatMap(typeLiteralsOf);
    if (ts.isParenthesizedTypeNode(node)) return typeLiteralsOf(node.type);
    if (ts.isArrayTypeNode(node)) return typeLiteralsOf(node.elementType);
    return [];
  };

  const checkClass = (decl: ts.ClassDeclaration) => {
    const owner = decl.name?.text ?? 'default';
    for (const m of decl.members) {
      if (ts.isConstructorDeclaration(m)) {
        for (const p of m.parameters) {
          const mods = ts.getCombinedModifierFlags(p);
          if (!(mods & ts.ModifierFlags.ParameterPropertyModifier)) continue;
          if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
          const name = memberName(p);
          if (!isPrivateName(name)) checkMember(p, owner, name, false);
        }
        continue;
      }
      if (!(ts.isPropertyDeclaration(m) || ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m))) continue;
      const mods = ts.getCombinedModifierFlags(m);
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const name = memberName(m);
      if (isPrivateName(name)) continue;
      // An overloaded method is documented once, on its first signature.
      if (ts.isMethodDeclaration(m)) {
        const first = decl.members.find((o) => ts.isMethodDeclaration(o) && memberName(o) === name);
        if (first !== m) continue;
      }
      // A setter paired with a getter shares the getter's documentation.
      if (ts.isSetAccessorDeclaration(m) && decl.members.some((o) => ts.isGetAccessorDeclaration(o) && memberName(o) === name)) continue;
      checkMember(m, owner, name, false);
    }
  };

  /** A namespace-like constant (`export const Match = { objectLike: (...) => ... }`): its functions are API members. */
  const checkObjectConstant = (decl: ts.VariableDeclaration) => {
    let init = decl.initializer;
    while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
    if (!init || !ts.isObjectLiteralExpression(init) || !ts.isIdentifier(decl.name)) return;
    for (const p of init.properties) {
      const isFunction = ts.isMethodDeclaration(p) || ts.isGetAccessorDeclaration(p)
        || (ts.isPropertyAssignment(p) && (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer)));
      const name = memberName(p);
      if (isFunction && !isPrivateName(name)) checkMember(p, decl.name.text, name, false);
    }
  };

  const checkExport = (symbol: ts.Symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    for (const decl of target.getDeclarations() ?? []) {
      if (!ownFile(decl.getSourceFile())) continue;
      if (ts.isClassDeclaration(decl)) {
        checkClass(decl);
      } else if (ts.isVariableDeclaration(decl)) {
        checkObjectConstant(decl);
      } else if (ts.isInterfaceDeclaration(decl)) {
        visitType(checker.getDeclaredTypeOfSymbol(target), false);
      } else if (ts.isTypeAliasDeclaration(decl)) {
        for (const literal of typeLiteralsOf(decl.type)) checkObjectDeclaration(literal, decl.name.text, isOptionsName(decl.name.text));
        visitType(checker.getDeclaredTypeOfSymbol(target), isOptionsName(decl.name.text));
      }
    }
  };

  for (const file of options.entryFiles) {
    const sf = program.getSourceFile(path.resolve(options.rootDir, file)) ?? program.getSourceFile(file);
    if (!sf) throw new Error(`api-docs: no source file ${file} in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) checkExport(exported);
  }
  // Option types reachable from option properties: their optional members need a @default too.
  for (let next = queue.shift(); next; next = queue.shift()) visitType(next.type, next.options);

  const line = (f: string) => Number(/:(\d+) /.exec(f)?.[1]);
  return [...findings].sort((a, b) => a.split(':')[0].localeCompare(b.split(':')[0]) || line(a) - line(b) || a.localeCompare(b));
}
