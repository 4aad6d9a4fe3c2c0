/**
 * Runs the extension-host suites in a downloaded VS Code with @vscode/test-electron (`npm run test:electron`).
 * Where VS Code cannot be downloaded, `npm run test:e2e` runs the same suites in code-server's extension host.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // @ts-expect-error: plain ESM helper without types
  const { bundleSuites, makeWorkspace, repoRoot } = (await import('./bundle.mjs')) as { bundleSuites(): Promise<string>; makeWorkspace(d: string): string; repoRoot: string };
  const extensionTestsPath = await bundleSuites();
  const workspace = makeWorkspace(path.join(os.tmpdir(), `adfw-electron-ws-${process.pid}`));
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(`Extension-host tests failed: ${(e as Error).message}`);
  process.exit(1);
});
