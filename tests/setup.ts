import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';

// Component tests opt into jsdom per file with `// @vitest-environment jsdom`; unmount what
// each test rendered so the next one starts from an empty page.
afterEach(async () => {
  if (typeof document === 'undefined') return;
  const { cleanup } = await import('@testing-library/svelte');
  cleanup();
});
