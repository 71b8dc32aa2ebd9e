// Keeps an external Mosquitto in step with the devices table: a password file (the same $7$ hashes
// the hub stores) and an ACL where each device may write only under its own id (`%u`) [GB-2.3].
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_ACL_PATTERNS, HUB_SUBSCRIPTIONS, TOPIC_ROOT } from '@glassbay/protocol';
import type { DevicesRepository } from './devices.repository.ts';
import { HUB_CLIENT_ID } from './broker.ts';
import { hashSecret, newSecret } from './credentials.ts';

export const mosquittoDir = (dataDir: string) => join(dataDir, 'mosquitto');
export const hubSecretFile = (dataDir: string) => join(mosquittoDir(dataDir), 'hub.secret');

export function aclText(): string {
  return [
    '# Written by `pnpm glassbay mosquitto sync`; do not edit: it is rewritten on every device change.',
    `user ${HUB_CLIENT_ID}`,
    ...HUB_SUBSCRIPTIONS.map((t) => `topic read ${t}`),
    `topic write ${TOPIC_ROOT}/wristbands/+/notify`,
    `topic write ${TOPIC_ROOT}/devices/+/stored`,
    '',
    '# Every other user is a device whose username is its id.',
    ...DEVICE_ACL_PATTERNS,
    '',
  ].join('\n');
}

const writeAtomic = (file: string, text: string) => {
  // A temp name of this process's own: two CLI calls at once must not rename each other's file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
};

/**
 * Write passwd and acl under <dataDir>/mosquitto. The hub's own user gets a secret kept in
 * hub.secret (created once), which the hub reads when GLASSBAY_MQTT_URL points at Mosquitto.
 */
export function syncMosquitto(dataDir: string, devices: DevicesRepository): { dir: string; devices: number } {
  const dir = mosquittoDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const secretFile = hubSecretFile(dataDir);
  if (!existsSync(secretFile)) writeAtomic(secretFile, newSecret());
  const hubSecret = readFileSync(secretFile, 'utf8').trim();
  const list = devices.list();
  const passwd = [`${HUB_CLIENT_ID}:${hashSecret(hubSecret)}`, ...list.map((d) => `${d.id}:${d.secretHash}`)];
  writeAtomic(join(dir, 'passwd'), passwd.join('\n') + '\n');
  writeAtomic(join(dir, 'acl'), aclText());
  return { dir, devices: list.length };
}
