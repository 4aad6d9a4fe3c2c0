/**
 * Mocha entry for the extension-host suites, in the shape @vscode/test-electron (and code-server's
 * extensionTestsPath) expects: `run()` resolves when every test passed. The suites are bundled into this
 * file and loaded lazily, after mocha has defined its globals.
 */
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'adf-suites', mocha);
  return new Promise((resolve, reject) => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./suites');
      mocha.run((failures) => (failures ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
