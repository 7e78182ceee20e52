/**
 * How the browser tests and the benchmark find and start Chromium. Both use the system's Chromium
 * (Debian's `chromium` package) rather than a browser downloaded by `playwright install`, which
 * needs network access that CI machines here do not have.
 */
import { accessSync, constants } from 'node:fs';

/**
 * The command that installs what the browser tests need: the emoji font (titles have emoji) and
 * poppler-utils, whose `pdfinfo` and `pdftotext` read the report printed to PDF.
 */
export const chromiumInstallCommand =
  'apt-get install -y chromium fonts-noto-color-emoji poppler-utils';

/** Debian's Chromium, unless `CHROMIUM_PATH` names another executable. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags for a headless Chromium run as root in a container: no sandbox (root), no GPU, and none of
 * the background traffic (updates, sync, QUIC probes) that would otherwise flood a closed network.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What to tell someone whose machine has no Chromium at `path`: the path looked for and the
 * command that installs it. Null when an executable is there.
 */
export function missingChromiumMessage(path = chromiumPath): string | null {
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    return [
      `Chromium was not found at ${path} (set CHROMIUM_PATH to use another executable).`,
      `Install it with: ${sudo}${chromiumInstallCommand}`,
    ].join('\n');
  }
}
