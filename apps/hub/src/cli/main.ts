// `pnpm glassbay <command>`: the installer's command line. Reads the same GLASSBAY_* variables as the
// hub and writes to the same SQLite file; a running hub notices within a second.
import { parseArgs } from 'node:util';
import {
  DeviceKindSchema,
  DisplayNameSchema,
  IdSchema,
  PasswordSchema,
  StaffRoleSchema,
  UsernameSchema,
  deviceKinds,
} from '@glassbay/protocol';
import { z } from 'zod';
import { securePrivateData } from '../store/private-files.ts';
import { join } from 'node:path';
import {
  AppError,
  ConfigError,
  DeviceError,
  createBaysService,
  createDevicesService,
  loadConfig,
  openRepositories,
  silentPublisher,
  syncMosquitto,
} from '../index.ts';
import { CAMERA_USAGE, cameraCommand } from '../media/cli.ts';
import { createStaffService } from '../staff/staff.service.ts';
import { publishRelease } from '../fleet/kiosk-updates.ts';
import { resolve } from 'node:path';

const USAGE = `usage: pnpm glassbay <command> [options]

  device add <id> --kind <${deviceKinds.join('|')}> [--bay <bayId>]
                          provision a device; prints its MQTT username and secret once
  device list             every device with its presence
  device remove <id>      revoke a device
  bay add <id> --name <name> [--position <n>]
  bay list
  bay remove <id>
${CAMERA_USAGE}
  mosquitto sync          write passwd and acl for an external Mosquitto
  kiosk publish <dir>     publish a kiosk shell release (electron-builder's latest-linux.yml / latest.yml
                          and the files they name, each checked against its sha512) for the console's
                          "update screens"
  staff add <username> --role <advisor|manager|admin> --name <display name>
                          create a staff account; the password is read from standard input

  --json                  machine-readable output
Environment: GLASSBAY_DATA_DIR (default ./.data), GLASSBAY_MQTT_URL (external broker: keeps Mosquitto's files in step)`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      bay: { type: 'string' },
      name: { type: 'string' },
      position: { type: 'string' },
      url: { type: 'string' },
      minutes: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, verb, arg] = positionals;
  if (values.help || !group) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 64;
  }
  const config = loadConfig();
  securePrivateData(config.dataDir);
  const store = openRepositories(join(config.dataDir, 'glassbay.db'));
  const devices = createDevicesService({ ...store, relay: silentPublisher });
  const bays = createBaysService({ ...store, relay: silentPublisher });
  const out = (json: unknown, text: string) =>
    process.stdout.write((values.json ? JSON.stringify(json, null, 2) : text) + '\n');
  const id = (what: string) => {
    const r = IdSchema.safeParse(arg);
    if (!r.success) throw new UsageError(`${what} id: ${arg === undefined ? 'missing' : r.error.issues[0]!.message}`);
    return r.data;
  };
  // Keep an external Mosquitto's password file and ACL in step with every device change.
  const syncBroker = () => (config.mqttUrl ? syncMosquitto(config.dataDir, store.devices) : undefined);
  const now = Date.now();
  try {
    switch (`${group} ${verb ?? ''}`.trim()) {
      case 'device add': {
        const kind = DeviceKindSchema.safeParse(values.kind);
        if (!kind.success) throw new UsageError(`--kind must be one of ${deviceKinds.join(', ')}`);
        const { device, secret } = devices.add(id('device'), kind.data, values.bay ?? null, now);
        const mosquitto = syncBroker();
        out(
          { device, mqtt: { username: device.id, clientId: device.id, password: secret }, mosquitto },
          `Device ${device.id} (${device.kind}${device.bayId ? `, bay ${device.bayId}` : ''}) added.\n` +
            `  MQTT username / client id: ${device.id}\n  MQTT secret:               ${secret}\n` +
            `This secret is shown once and stored only as a hash. Program it into the device now.` +
            (mosquitto ? `\nMosquitto files updated in ${mosquitto.dir}; reload Mosquitto (SIGHUP) to apply.` : ''),
        );
        return 0;
      }
      case 'device list': {
        const list = devices.list();
        out(
          { devices: list },
          list.length === 0
            ? 'No devices. Add one with: pnpm glassbay device add <id> --kind <kind>'
            : list
                .map(
                  (d) =>
                    `${d.id.padEnd(24)} ${d.kind.padEnd(11)} ${(d.bayId ?? '-').padEnd(10)} ${d.online ? 'online' : 'offline'}`,
                )
                .join('\n'),
        );
        return 0;
      }
      case 'device remove': {
        const deviceId = id('device');
        devices.remove(deviceId);
        syncBroker();
        out({ removed: deviceId }, `Device ${deviceId} removed; its secret no longer works.`);
        return 0;
      }
      case 'bay add': {
        const bayId = id('bay');
        if (!values.name) throw new UsageError('--name is required');
        const position = values.position === undefined ? store.bays.count() + 1 : Number(values.position);
        if (!Number.isInteger(position) || position < 0) throw new UsageError('--position must be a whole number');
        if (store.bays.get(bayId)) throw new UsageError(`a bay "${bayId}" already exists`);
        bays.addBay(bayId, values.name.slice(0, 40), position, now);
        out({ bay: store.bays.get(bayId) }, `Bay ${bayId} ("${values.name}") added.`);
        return 0;
      }
      case 'bay list': {
        const list = store.bays.list();
        out({ bays: list }, list.map((b) => `${b.id.padEnd(12)} ${b.name}`).join('\n') || 'No bays.');
        return 0;
      }
      case 'bay remove': {
        const bayId = id('bay');
        if (!bays.removeBay(bayId)) throw new UsageError(`no bay "${bayId}"`);
        out({ removed: bayId }, `Bay ${bayId} removed.`);
        return 0;
      }
      case 'staff add': {
        const input = StaffInput.safeParse({
          username: arg,
          displayName: values.name,
          role: values.role,
          password: (await readStdin()).replace(/\r?\n$/, ''),
        });
        if (!input.success)
          throw new UsageError(input.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '));
        const user = await createStaffService({ db: store.db, staff: store.staff }).create(input.data, now);
        out({ user }, `Staff account ${user.username} (${user.role}) created.`);
        return 0;
      }
      case 'camera add':
      case 'camera list':
      case 'camera remove':
      case 'camera token':
        return cameraCommand(`camera ${verb}`, arg, values, {
          config,
          db: store.db,
          now,
          out,
          usage: (m) => new UsageError(m),
        });
      case 'kiosk publish': {
        if (!arg) throw new UsageError("kiosk publish needs the release directory (electron-builder's output)");
        const r = await publishRelease(resolve(arg), config.dataDir);
        out(
          r,
          `Kiosk shell ${r.version} published (${r.files.join(', ')}). ` +
            `Update the screens from the console's Screens section.`,
        );
        return 0;
      }
      case 'mosquitto sync': {
        const r = syncMosquitto(config.dataDir, store.devices);
        out(r, `Wrote passwd and acl for ${r.devices} devices to ${r.dir}. Reload Mosquitto (SIGHUP) to apply.`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${positionals.join(' ')}"\n\n${USAGE}`);
    }
  } finally {
    store.db.close();
  }
}

const StaffInput = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: StaffRoleSchema,
  password: PasswordSchema,
});

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (then Enter, Ctrl-D): ');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const code =
    err instanceof DeviceError || err instanceof AppError || err instanceof ConfigError
      ? err.code
      : err instanceof UsageError
        ? 'USAGE'
        : 'ERROR';
  if (process.argv.includes('--json'))
    process.stdout.write(JSON.stringify({ error: { code, message: (err as Error).message } }) + '\n');
  else process.stderr.write(`glassbay: ${(err as Error).message}\n`);
  process.exitCode = err instanceof UsageError ? 64 : 1;
}
