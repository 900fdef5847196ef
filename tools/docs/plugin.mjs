/**
 * TypeDoc plugin: the elementwise ops generated from their rows (ops/unary.ts UNARY, ops/binary.ts
 * BINARY) are documented once, on the row. `export const { exp, ... } = UNARY_FUNCTIONS` declares
 * variables whose doc TypeDoc does not find on its own: this takes it from the property they are
 * destructured from (the row's comment, carried by the homomorphic mapped type). The generated
 * in-place forms (`exp_`, `x.exp_()`) are named from a template literal, which drops the link to
 * the row, so they get PyTorch's wording: "In-place version of exp".
 */
import ts from 'typescript';
import { Comment, Converter, ReflectionKind } from 'typedoc';

/** The property a destructured binding element reads, or undefined. */
function destructuredProperty(checker, decl) {
  if (!ts.isBindingElement(decl) || !ts.isObjectBindingPattern(decl.parent)) return undefined;
  const variable = decl.parent.parent;
  if (!ts.isVariableDeclaration(variable) || variable.initializer === undefined) return undefined;
  const key = (decl.propertyName ?? decl.name).getText();
  return checker.getTypeAtLocation(variable.initializer).getProperty(key);
}

/** Generated: a destructured binding, or a mapped-type member with no declaration of its own. */
function isGenerated(symbol) {
  const decls = symbol?.declarations ?? [];
  return decls.length === 0 || decls.every((d) => ts.isBindingElement(d));
}

function hasDoc(reflection) {
  return reflection.hasComment() || (reflection.signatures ?? []).some((s) => s.hasComment())
    || (reflection.type?.declaration?.signatures ?? []).some((s) => s.hasComment());
}

export function load(app) {
  const generated = new Set();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    const symbol = context.getSymbolFromReflection(reflection);
    // A Tensor method mapped from a row points at the row's object literal: hide its "= ..." initializer.
    if (symbol?.declarations?.[0] !== undefined && ts.isPropertyAssignment(symbol.declarations[0])) reflection.defaultValue = undefined;
    if (!isGenerated(symbol)) return;
    generated.add(reflection);
    if (reflection.comment || symbol === undefined) return;
    const prop = symbol.declarations?.[0] && destructuredProperty(context.checker, symbol.declarations[0]);
    if (prop !== undefined) reflection.comment = context.getComment(prop, ReflectionKind.Property);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const reflection of generated) {
      if (!reflection.name.endsWith('_') || hasDoc(reflection)) continue;
      const base = reflection.parent?.getChildByName?.([reflection.name.slice(0, -1)]);
      if (base === undefined || !hasDoc(base)) continue;
      const into = reflection.parent.kindOf(ReflectionKind.Class | ReflectionKind.Interface) ? 'this tensor' : 'its first argument';
      reflection.comment = new Comment([
        { kind: 'text', text: 'In-place version of ' },
        { kind: 'inline-tag', tag: '@link', text: base.name, target: base },
        { kind: 'text', text: `: writes the result into ${into} and returns it.` },
      ]);
    }
    generated.clear();
  });
}
