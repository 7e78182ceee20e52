/**
 * Inline in `404.html`, the page a static host answers with for an address it has no file for
 * (a framework the user added, a mistyped address). The host may serve the build from any
 * folder, and this page from any depth under it, so its own address does not say where the build
 * is: it asks, from the deepest folder of the address upwards, for the app's script (its name
 * carries a hash of its content, so no other file answers to it), and the first folder that has
 * it is the build's root. It never asks above that folder. It then loads the home page's script
 * from there, which starts the app for this address, and points the page's icon and manifest
 * links (written as `data-href`, relative to the root) at the root.
 *
 * At the end of the body, after `#app`. Built without imports and allowed by the page's CSP by
 * its hash.
 */
{
  const app = document.getElementById('app');
  const entry = app?.dataset.entry ?? '';
  /** The folders of this address, deepest first: `/a/b/c` gives `/a/b/`, `/a/`, `/`. */
  const folders: string[] = [];
  let folder = location.pathname.replace(/[^/]*$/, '');
  while (folder !== '') {
    folders.push(folder);
    folder = folder.replace(/[^/]*\/$/, '');
  }
  const start = (root: string) => {
    for (const link of document.querySelectorAll<HTMLLinkElement>('link[data-href]'))
      link.href = root + (link.dataset.href ?? '');
    const script = document.createElement('script');
    script.type = 'module';
    script.src = root + entry;
    document.head.append(script);
  };
  const find = async () => {
    for (const folder of folders) {
      try {
        const answer = await fetch(folder + entry, { method: 'HEAD', cache: 'no-store' });
        if (answer.ok && /javascript/.test(answer.headers.get('content-type') ?? '')) return folder;
      } catch {
        // Offline with no service worker, or refused: try the folder above.
      }
    }
    return null;
  };
  void find().then((root) => {
    if (root !== null) start(root);
    else if (app) app.textContent = 'Progression could not find its files from this address.';
  });
}
