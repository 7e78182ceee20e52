/**
 * Build-time framework loader: every `*.md` under the frameworks folder (nested folders too) is
 * parsed and validated when the app is built or served. A file with errors fails `build` and
 * `dev` with its problems listed; the browser receives the parsed model, so it needs no YAML
 * parser for the shipped frameworks.
 *
 * Modules:
 * - `virtual:frameworks`: the catalogue (id, titles, group, counts) and `loadFramework(id)`, which
 *   imports one framework's model as its own chunk (in the browser build, a small module that
 *   fetches the model's JSON file);
 * - `virtual:framework/<id>`: one framework's model as shown (its set's generic merged in);
 * - `virtual:framework-unmerged/<id>`: as its file says, for those who switch the merge off.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { parseFramework } from '../src/lib/core/framework.ts';
import type { Framework } from '../src/lib/core/model.ts';
import { formatProblem } from '../src/lib/core/problem.ts';
import { summarise } from '../src/lib/core/catalogue.ts';
import { checkSet, type SetFile, shownMember } from '../src/lib/core/framework-set.ts';

const CATALOGUE_ID = 'virtual:frameworks';
const FRAMEWORK_PREFIX = 'virtual:framework/';
const SOURCE_PREFIX = 'virtual:framework-source/';
const UNMERGED_PREFIX = 'virtual:framework-unmerged/';

export interface FrameworksPluginOptions {
  /** Folder holding the shipped framework files, relative to the project root. */
  folder: string;
  /** Id of the framework the app opens on. */
  defaultFramework: string;
}

export interface ShippedFrameworks {
  /** Each framework as it is shown: with its set's generic framework merged in. */
  frameworks: Framework[];
  /** Each framework as its file says, by id, where that differs from how it is shown. */
  unmerged: Map<string, Framework>;
  /** Each framework's file text, by id (for snapshots, which may carry it). */
  sources: Map<string, string>;
  warnings: string[];
}

/**
 * Reads and validates every framework file below `folder`; throws listing all errors found.
 * Each first-level subfolder (`frameworks/monzo`) is one set, as a repository would be, and the
 * files directly in `folder` another: a set's generic framework is the base of that set only.
 * Ids must be unique across all of them, since each is a page's address.
 */
export async function loadShippedFrameworks(folder: string): Promise<ShippedFrameworks> {
  const files = listMarkdown(folder);
  const frameworks: Framework[] = [];
  const unmerged = new Map<string, Framework>();
  const errors: string[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, string>();
  const sources = new Map<string, string>();
  const sets = new Map<string, SetFile[]>();
  for (const file of files) {
    const within = relative(folder, file).split(sep);
    const set = within.length > 1 ? within[0]! : '';
    const list = sets.get(set) ?? [];
    list.push({ path: relative(process.cwd(), file), text: readFileSync(file, 'utf8') });
    sets.set(set, list);
  }
  for (const setFiles of sets.values()) {
    const check = await checkSet(setFiles, parseFramework);
    for (const { path, problems } of check.unreadable) {
      for (const problem of problems) errors.push(formatProblem(path, problem));
    }
    for (const path of check.skipped) {
      if (!/(^|\/)readme\.md$/i.test(path)) {
        warnings.push(
          `${path}: warning: left out: it has no front matter, so it is not a framework file.`,
        );
      }
    }
    for (const member of check.members) {
      for (const problem of member.warnings) warnings.push(formatProblem(member.path, problem));
      const { id } = member.framework;
      const clash = byId.get(id);
      if (clash) {
        errors.push(
          `${member.path}: error: The framework id "${id}" is already used by ${clash}; give one of them another "path".`,
        );
        continue;
      }
      byId.set(id, member.path);
      sources.set(id, setFiles.find((file) => file.path === member.path)!.text);
      const shown = shownMember(member, check.base);
      if (shown !== member.framework) unmerged.set(id, member.framework);
      frameworks.push(shown);
    }
  }
  if (files.length === 0) errors.push(`${folder}: error: no framework files (*.md) found.`);
  if (errors.length > 0) {
    throw new Error(`Shipped framework files have errors:\n${[...errors, ...warnings].join('\n')}`);
  }
  return { frameworks, unmerged, sources, warnings };
}

/** The licence file (`LICENSE`, `LICENSE.md`…) of each set folder, by the folder's name. */
function licences(folder: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const set = join(folder, entry.name);
    const licence = readdirSync(set).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name));
    if (licence) found.set(entry.name, readFileSync(join(set, licence), 'utf8'));
  }
  return found;
}

function listMarkdown(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function frameworksPlugin(options: FrameworksPluginOptions): Plugin {
  let folder = '';
  let building = false;
  let shipped: Promise<ShippedFrameworks> | null = null;
  const load = () => (shipped ??= loadShippedFrameworks(folder));
  return {
    name: 'progression-frameworks',
    configResolved(config) {
      folder = resolve(config.root, options.folder);
      building = config.command === 'build';
    },
    async buildStart() {
      const { warnings } = await load();
      for (const warning of warnings) this.warn(warning);
      for (const file of listMarkdown(folder)) this.addWatchFile(file);
    },
    generateBundle() {
      // Each set's licence is published beside the app, where the footer's credit links to it.
      for (const [set, text] of licences(folder)) {
        this.emitFile({ type: 'asset', fileName: `licences/${set}.txt`, source: text });
      }
    },
    configureServer(server: ViteDevServer) {
      server.middlewares.use((request, response, next) => {
        const match = /^\/licences\/([\w-]+)\.txt$/.exec(request.url ?? '');
        const text = match ? licences(folder).get(match[1]!) : undefined;
        if (text === undefined) return next();
        response.setHeader('Content-Type', 'text/plain; charset=utf-8');
        response.end(text);
      });
      server.watcher.add(folder);
      const reload = async (file: string) => {
        if (!file.startsWith(folder) || !file.endsWith('.md')) return;
        shipped = null;
        for (const module of server.moduleGraph.idToModuleMap.values()) {
          if (
            module.id?.startsWith(`\0${CATALOGUE_ID}`) ||
            module.id?.startsWith(`\0${FRAMEWORK_PREFIX}`) ||
            module.id?.startsWith(`\0${UNMERGED_PREFIX}`)
          ) {
            server.moduleGraph.invalidateModule(module);
          }
        }
        try {
          await load();
          server.ws.send({ type: 'full-reload' });
        } catch (error) {
          shipped = null;
          server.config.logger.error(error instanceof Error ? error.message : String(error));
          server.ws.send({
            type: 'error',
            err: { message: String(error instanceof Error ? error.message : error), stack: '' },
          });
        }
      };
      const onFile = (file: string) => void reload(file);
      server.watcher.on('change', onFile);
      server.watcher.on('add', onFile);
      server.watcher.on('unlink', onFile);
    },
    resolveId(id) {
      if (
        id === CATALOGUE_ID ||
        id.startsWith(FRAMEWORK_PREFIX) ||
        id.startsWith(SOURCE_PREFIX) ||
        id.startsWith(UNMERGED_PREFIX)
      ) {
        return `\0${id}`;
      }
      return null;
    },
    async load(id, loadOptions) {
      if (id === `\0${CATALOGUE_ID}`) {
        const { frameworks, unmerged } = await load();
        const defaultId = frameworks.some((framework) => framework.id === options.defaultFramework)
          ? options.defaultFramework
          : frameworks[0]!.id;
        const loaders = frameworks
          .map(
            (framework) =>
              `[${JSON.stringify(framework.id)}, () => import(${JSON.stringify(FRAMEWORK_PREFIX + framework.id)})]`,
          )
          .join(',\n  ');
        const sourceLoaders = frameworks
          .map(
            (framework) =>
              `[${JSON.stringify(framework.id)}, () => import(${JSON.stringify(SOURCE_PREFIX + framework.id)})]`,
          )
          .join(',\n  ');
        const unmergedLoaders = [...unmerged.keys()]
          .map(
            (id) =>
              `[${JSON.stringify(id)}, () => import(${JSON.stringify(UNMERGED_PREFIX + id)})]`,
          )
          .join(',\n  ');
        return [
          `export const catalogue = ${JSON.stringify(frameworks.map(summarise))};`,
          `export const defaultFrameworkId = ${JSON.stringify(defaultId)};`,
          `const loaders = new Map([\n  ${loaders}\n]);`,
          'export function loadFramework(id) {',
          '  const loader = loaders.get(id);',
          '  return loader ? loader().then((module) => module.default) : Promise.resolve(undefined);',
          '}',
          `const sourceLoaders = new Map([\n  ${sourceLoaders}\n]);`,
          'export function loadFrameworkSource(id) {',
          '  const loader = sourceLoaders.get(id);',
          '  return loader ? loader().then((module) => module.default) : Promise.resolve(undefined);',
          '}',
          `const unmergedLoaders = new Map([\n  ${unmergedLoaders}\n]);`,
          'export function loadUnmergedFramework(id) {',
          '  const loader = unmergedLoaders.get(id);',
          '  return loader ? loader().then((module) => module.default) : loadFramework(id);',
          '}',
        ].join('\n');
      }
      if (id.startsWith(`\0${SOURCE_PREFIX}`)) {
        const source = (await load()).sources.get(id.slice(SOURCE_PREFIX.length + 1));
        return source === undefined ? null : `export default ${JSON.stringify(source)};`;
      }
      /**
       * A framework's model. In the browser build it is a JSON file of its own, fetched when the
       * framework is opened: a module holding it as a literal would keep that text in memory for
       * the page's life, beside the parsed model (750 kB more at 5,000 criteria). On the server
       * (the prerender) and in dev it stays in the module.
       */
      const model = (framework: Framework, ssr: boolean): string => {
        const json = JSON.stringify(framework);
        if (!building || ssr) return `export default JSON.parse(${JSON.stringify(json)});`;
        const name = `${framework.id.split('/').at(-1) ?? 'framework'}.json`;
        const reference = this.emitFile({ type: 'asset', name, source: json });
        return [
          `export default fetch(import.meta.ROLLUP_FILE_URL_${reference}).then((response) => {`,
          `  if (!response.ok) throw new Error(${JSON.stringify(`The framework ${framework.id} could not be loaded`)} + \` (\${response.status}).\`);`,
          '  return response.json();',
          '});',
        ].join('\n');
      };
      const ssr = loadOptions?.ssr === true;
      if (id.startsWith(`\0${UNMERGED_PREFIX}`)) {
        const framework = (await load()).unmerged.get(id.slice(UNMERGED_PREFIX.length + 1));
        return framework ? model(framework, ssr) : null;
      }
      if (id.startsWith(`\0${FRAMEWORK_PREFIX}`)) {
        const wanted = id.slice(FRAMEWORK_PREFIX.length + 1);
        const framework = (await load()).frameworks.find((candidate) => candidate.id === wanted);
        return framework ? model(framework, ssr) : null;
      }
      return null;
    },
  };
}
