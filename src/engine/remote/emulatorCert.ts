/**
 * Where a running emulator publishes its certificate so that local clients pointed at its loopback
 * port can trust it without any global TLS change: `<tmpdir>/adfw-emulator-<uid>/<port>.pem`, in a
 * directory only the current user can write. Clients check owner and mode before trusting the file.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function uid(): string {
  return typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The directory holding published emulator certificates. */
export function emulatorCertDir(): string {
  return path.join(os.tmpdir(), `adfw-emulator-${uid()}`);
}

/** Writes the certificate for a port; returns the file path. */
export async function publishEmulatorCert(port: number, certPem: string): Promise<string> {
  const dir = emulatorCertDir();
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700).catch(() => undefined);
  const file = path.join(dir, `${port}.pem`);
  await fs.writeFile(file, certPem, { mode: 0o600 });
  return file;
}

/** Removes the published certificate of a port. */
export async function unpublishEmulatorCert(port: number): Promise<void> {
  await fs.rm(path.join(emulatorCertDir(), `${port}.pem`), { force: true });
}

/**
 * The certificate published for a loopback port, when the file exists and is safe to trust
 * (directory and file owned by this user and not writable by others).
 */
export async function readPublishedEmulatorCert(port: number): Promise<string | undefined> {
  const dir = emulatorCertDir();
  const file = path.join(dir, `${port}.pem`);
  try {
    const [ds, fst] = await Promise.all([fs.stat(dir), fs.stat(file)]);
    if (typeof process.getuid === 'function') {
      const me = process.getuid();
      if (ds.uid !== me || fst.uid !== me) return undefined;
      if ((ds.mode & 0o022) !== 0 || (fst.mode & 0o022) !== 0) return undefined;
    }
    const text = await fs.readFile(file, 'utf8');
    return text.includes('BEGIN CERTIFICATE') ? text : undefined;
  } catch {
    return undefined;
  }
}
