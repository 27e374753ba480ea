/**
 * Finds the public API members of the built packages that have no TSDoc: every export of every
 * `types` entry of a package's `exports`, and every member (property, method, accessor, enum
 * member) of the interfaces, classes and object types they declare. Read from the built .d.ts
 * files with the TypeScript compiler API, as an editor would show them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { ROOT } from './project.js';

/** A public name without documentation, e.g. `@journeykit/core: InvokeRequest.user_id`. */
export interface Undocumented {
  readonly entry: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
}

interface PackageJson {
  name: string;
  private?: boolean;
  exports?: Record<string, string | { import?: { types?: string }; require?: { types?: string } }>;
}

/** The `.d.ts` of every subpath of every published package, as `[entry name, file]`. */
export function publicEntries(): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const dir of readdirSync(join(ROOT, 'packages'))) {
    let pkg: PackageJson;
    try {
      pkg = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      continue;
    }
    if (pkg.private) continue;
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const types = typeof target === 'object' ? target.import?.types : undefined;
      if (types) entries.push([subpath === '.' ? pkg.name : `${pkg.name}${subpath.slice(1)}`, resolve(ROOT, 'packages', dir, types)]);
    }
  }
  return entries;
}

const MEMBER_KINDS = new Set([
  ts.SyntaxKind.PropertySignature,
  ts.SyntaxKind.PropertyDeclaration,
  ts.SyntaxKind.MethodSignature,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
  ts.SyntaxKind.EnumMember,
]);

function isPrivate(node: ts.Node): boolean {
  if (ts.isPropertyDeclaration(node) && ts.isPrivateIdentifier(node.name)) return true;
  const flags = ts.getCombinedModifierFlags(node as ts.Declaration);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

function hasDoc(node: ts.Node): boolean {
  // For `export declare const x`, the comment sits on the statement two levels up.
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.getJSDocCommentsAndTags(holder).length > 0;
}

export function findUndocumented(entries = publicEntries()): Undocumented[] {
  const program = ts.createProgram(
    entries.map(([, file]) => file),
    { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const ours = (file: ts.SourceFile) => file.fileName.includes('/packages/') && file.fileName.includes('/dist/');
  const missing: Undocumented[] = [];
  const seen = new Set<ts.Node>();

  const report = (entry: string, name: string, node: ts.Node) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    missing.push({ entry, name, file: file.fileName.slice(ROOT.length + 1), line: line + 1 });
  };

  const visitMembers = (entry: string, owner: string, members: ts.NodeArray<ts.Node>) => {
    for (const member of members) {
      if (!MEMBER_KINDS.has(member.kind) || isPrivate(member) || seen.has(member)) continue;
      seen.add(member);
      const name = (member as ts.NamedDeclaration).name?.getText() ?? '?';
      if (!hasDoc(member)) report(entry, `${owner}.${name}`, member);
      const type = (member as { type?: ts.TypeNode }).type;
      if (type && ts.isTypeLiteralNode(type)) visitMembers(entry, `${owner}.${name}`, type.members);
    }
  };

  for (const [entry, file] of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`cannot read ${file}: build the packages first`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      // Overloads and merged declarations: one comment on any of them documents the name.
      const documented = declarations.some(hasDoc);
      for (const decl of declarations) {
        if (!ours(decl.getSourceFile()) || seen.has(decl)) continue;
        seen.add(decl);
        if (!documented && !ts.isModuleDeclaration(decl)) report(entry, exported.name, decl);
        if (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) visitMembers(entry, exported.name, decl.members);
        else if (ts.isEnumDeclaration(decl)) visitMembers(entry, exported.name, decl.members);
        else if (ts.isTypeAliasDeclaration(decl) && ts.isTypeLiteralNode(decl.type)) visitMembers(entry, exported.name, decl.type.members);
      }
    }
  }
  return missing;
}
