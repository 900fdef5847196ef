/**
 * The docs check CI runs (through tools/docs/test/docs.test.ts): converts the API as `npm run docs`
 * does (typedoc.json), writes nothing, and fails on any warning, validation warnings included
 * (an undocumented export, a broken {@link}, a referenced type that is not exported).
 *
 * It also prints how many declarations each package has under the notDocumented check, and fails
 * when a package has none: TypeDoc checks only the packages named in packagesRequiringDocumentation,
 * so a wrong name there would pass silently with nothing checked.
 */
import { Application, ReflectionKind } from 'typedoc';

const app = await Application.bootstrapWithPlugins({ emit: 'none' });
const project = await app.convert();
if (project === undefined) {
  console.error('docs: TypeDoc could not convert the project');
  process.exit(1);
}
app.validate(project);

const packages = app.options.getValue('packagesRequiringDocumentation');
const kinds = app.options.getValue('requiredToBeDocumented').reduce((k, name) => k | ReflectionKind[name], 0);
const checked = new Map(packages.map((p) => [p, 0]));
for (const r of project.getReflectionsByKind(kinds)) {
  const name = project.getSymbolIdFromReflection(r)?.packageName;
  if (name !== undefined && checked.has(name)) checked.set(name, checked.get(name) + 1);
}
const counts = [...checked].map(([p, n]) => `${p} ${n}`).join(', ');
console.log(`docs: declarations required to be documented: ${counts}`);
const empty = [...checked].filter(([p, n]) => n === 0 && p !== 'torchlet').map(([p]) => p);
if (empty.length > 0) console.error(`docs: nothing checked in ${empty.join(', ')}: is packagesRequiringDocumentation right?`);

const { errorCount, warningCount } = app.logger;
console.log(`docs: ${errorCount} errors, ${warningCount} warnings`);
process.exit(errorCount > 0 || warningCount > 0 || empty.length > 0 ? 1 : 0);
