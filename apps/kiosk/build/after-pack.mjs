// @ts-check
// electron-builder afterPack hook: flips Electron's fuses in the packaged binary, before signing, so
// the shipped kiosk cannot be turned back into a general-purpose Node or Electron runtime.
// (ELECTRON_RUN_AS_NODE, NODE_OPTIONS and --inspect would each let anyone with a keyboard run code.)
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';

/** @type {import('@electron/fuses').FuseV1Config} */
export const kioskFuses = {
  version: FuseVersion.V1,
  // No `ELECTRON_RUN_AS_NODE=1 glassbay-kiosk script.js`.
  [FuseV1Options.RunAsNode]: false,
  // No NODE_OPTIONS=--require evil.js.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // No --inspect / --inspect-brk debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Load the app only from app.asar (no app folder beside it to swap in).
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // And only an app.asar whose hash the binary carries. Electron checks it on Windows and macOS only:
  // on Linux this fuse does nothing, and OnlyLoadAppFromAsar plus the package's file permissions are
  // what stand between the kiosk and a swapped app.asar.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Cookies on disk are encrypted with the OS key store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // file:// pages get no privileges beyond any other origin's (the kiosk never loads file:// anyway).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** Where electron-builder put the Electron binary for this platform. */
export function electronBinaryPath(/** @type {import('electron-builder').AfterPackContext} */ context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  // LinuxPackager names the binary after executableName (lower-case, no spaces).
  return path.join(
    appOutDir,
    /** @type {{ executableName: string }} */ (/** @type {unknown} */ (packager)).executableName,
  );
}

export default async function afterPack(/** @type {import('electron-builder').AfterPackContext} */ context) {
  const binary = electronBinaryPath(context);
  const changed = await flipFuses(binary, kioskFuses);
  console.log(`  • kiosk fuses flipped  file=${binary} changed=${changed}`);
}
