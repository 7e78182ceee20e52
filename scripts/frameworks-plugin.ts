/**
 * Build-time framework loader: every `*.md` under the frameworks folder (nested folders too) is
 * parsed and validated when the app is built or served. A file with errors fails `build` and
 * `dev` with its problems listed; the browser receives the parsed model, so it needs no YAML
 * parser for the shipped frameworks.
 *
 * Modules:
 * - `virtual:frameworks`: the catalogue (id, titles, group, counts) and `loadFramework(id)`, which
 *   imports one framework's model as its own chunk;
 * - `virtual:framework/<id>`: one framework's model.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { parseFramework } from '../src/lib/core/framework.ts';
import type { Framework } from '../src/lib/core/model.ts';
import { formatProblem, type Problem } from '../src/lib/core/problem.ts';
import { summarise } from '../src/lib/core/catalogue.ts';

const CATALOGUE_ID = 'virtual:frameworks';
const FRAMEWORK_PREFIX = 'virtual:framework/';
const SOURCE_PREFIX = 'virtual:framework-source/';

export interface FrameworksPluginOptions {
  /** Folder holding the shipped framework files, relative to the project root. */
  folder: string;
  /** Id of the framework the app opens on. */
  defaultFramework: string;
}

export interface ShippedFrameworks {
  frameworks: Framework[];
  /** Each framework's file text, by id (for snapshots, which may carry it). */
  sources: Map<string, string>;
  warnings: string[];
}

/** Reads and validates every framework file below `folder`; throws listing all errors found. */
export function loadShippedFrameworks(folder: string): ShippedFrameworks {
  const files = listMarkdown(folder);
  const frameworks: Framework[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const byId = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const file of files) {
    const name = relative(process.cwd(), file);
    const text = readFileSync(file, 'utf8');
    const result = parseFramework(text, name);
    const report = (problem: Problem) =>
      (problem.severity === 'error' ? errors : warnings).push(formatProblem(name, problem));
    result.problems.forEach(report);
    if (!result.ok) continue;
    const clash = byId.get(result.framework.id);
    if (clash) {
      errors.push(
        `${name}: error: the framework id "${result.framework.id}" is already used by ${clash}; give one of them another "path".`,
      );
      continue;
    }
    byId.set(result.framework.id, name);
    sources.set(result.framework.id, text);
    frameworks.push(result.framework);
  }
  if (files.length === 0) errors.push(`${folder}: error: no framework files (*.md) found.`);
  if (errors.length > 0) {
    throw new Error(`Shipped framework files have errors:\n${[...errors, ...warnings].join('\n')}`);
  }
  return { frameworks, sources, warnings };
}

function listMarkdown(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function frameworksPlugin(options: FrameworksPluginOptions): Plugin {
  let folder = '';
  let shipped: ShippedFrameworks | null = null;
  const load = () => (shipped ??= loadShippedFrameworks(folder));
  return {
    name: 'progression-frameworks',
    configResolved(config) {
      folder = resolve(config.root, options.folder);
    },
    buildStart() {
      const { warnings } = load();
      for (const warning of warnings) this.warn(warning);
      for (const file of listMarkdown(folder)) this.addWatchFile(file);
    },
    configureServer(server: ViteDevServer) {
      server.watcher.add(folder);
      const reload = (file: string) => {
        if (!file.startsWith(folder) || !file.endsWith('.md')) return;
        shipped = null;
        for (const module of server.moduleGraph.idToModuleMap.values()) {
          if (
            module.id?.startsWith(`\0${CATALOGUE_ID}`) ||
            module.id?.startsWith(`\0${FRAMEWORK_PREFIX}`)
          ) {
            server.moduleGraph.invalidateModule(module);
          }
        }
        try {
          load();
          server.ws.send({ type: 'full-reload' });
        } catch (error) {
          server.config.logger.error(error instanceof Error ? error.message : String(error));
          server.ws.send({
            type: 'error',
            err: { message: String(error instanceof Error ? error.message : error), stack: '' },
          });
        }
      };
      server.watcher.on('change', reload);
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
    },
    resolveId(id) {
      if (id === CATALOGUE_ID || id.startsWith(FRAMEWORK_PREFIX) || id.startsWith(SOURCE_PREFIX)) {
        return `\0${id}`;
      }
      return null;
    },
    load(id) {
      if (id === `\0${CATALOGUE_ID}`) {
        const { frameworks } = load();
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
        ].join('\n');
      }
      if (id.startsWith(`\0${SOURCE_PREFIX}`)) {
        const source = load().sources.get(id.slice(SOURCE_PREFIX.length + 1));
        return source === undefined ? null : `export default ${JSON.stringify(source)};`;
      }
      if (id.startsWith(`\0${FRAMEWORK_PREFIX}`)) {
        const wanted = id.slice(FRAMEWORK_PREFIX.length + 1);
        const framework = load().frameworks.find((candidate) => candidate.id === wanted);
        if (!framework) return null;
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(framework))});`;
      }
      return null;
    },
  };
}
