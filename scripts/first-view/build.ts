/**
 * Build-time pieces of the prerendered first view: the inline scripts of src/first-view/, made
 * into plain minified scripts, and the Content-Security-Policy that allows exactly them by hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { minify, transformWithOxc } from 'vite';

export interface InlineScript {
  code: string;
  /** `'sha256-…'`, as a CSP source expression. */
  hash: string;
}

/** Compiles one of src/first-view/'s scripts (TypeScript, no imports but types) to an inline script. */
export async function inlineScript(file: string): Promise<InlineScript> {
  const source = readFileSync(file, 'utf8');
  const { code: plain } = await transformWithOxc(source, file, { lang: 'ts' });
  const { code } = await minify(file.replace(/\.ts$/, '.js'), plain, {
    compress: true,
    mangle: true,
  });
  // Type-only imports leave an empty `export {}` behind, which a classic script cannot have.
  const trimmed = code.replace(/\bexport\s*\{\s*\};?\s*$/, '').trim();
  if (/\b(import|export)\s*[{(*]/.test(trimmed))
    throw new Error(
      `${file} must not import or export at run time: it is inlined as a classic script.`,
    );
  return {
    code: trimmed,
    hash: `'sha256-${createHash('sha256').update(trimmed).digest('base64')}'`,
  };
}

/**
 * The policy of every built page: scripts from the app's own origin, plus the inline scripts by
 * hash; no `eval`, no inline event handlers. Frameworks may be loaded from any https address the
 * user gives (`connect-src`). Styles allow inline `style` attributes, which Svelte's server
 * output and chart.js use; no script can come in through them.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self' https: http:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}
