// `pnpm glassbay camera …`: the installer points cameras at the hub and issues a viewing token to
// check a picture. Writes the cameras table; a running hub picks the change up within two seconds.
import { CameraInputUrlSchema, IdSchema, hlsPaths } from '@glassbay/protocol';
import type { HubConfig } from '../config.ts';
import type { Db } from '../store/db.ts';
import { createCamerasRepository, redactUrl } from './cameras.repository.ts';
import { issueMediaToken, loadMediaSecret } from './token.ts';

export const CAMERA_USAGE = `  camera add <id> --bay <bayId> --url <input> [--name <name>]
                          pull a camera (rtsp://user:pass@ip/stream, or tcp:// http:// srt://…)
  camera list             every camera, its bay and input (passwords hidden)
  camera remove <id>      stop pulling a camera; its recordings age out of the ring
  camera token <id> [--minutes <n>]
                          a viewing link for n minutes (default 60) showing live and the last n minutes`;

const MAX_TOKEN_MINUTES = 7 * 24 * 60;

export function cameraCommand(
  command: string,
  arg: string | undefined,
  values: {
    bay?: string | undefined;
    url?: string | undefined;
    name?: string | undefined;
    minutes?: string | undefined;
  },
  ctx: {
    config: HubConfig;
    db: Db;
    now: number;
    out: (json: unknown, text: string) => void;
    usage: (message: string) => Error;
  },
): number {
  const { config, now, out, usage } = ctx;
  const cameras = createCamerasRepository(ctx.db);
  const cameraId = () => {
    const r = IdSchema.safeParse(arg);
    if (!r.success) throw usage(`camera id: ${arg === undefined ? 'missing' : r.error.issues[0]!.message}`);
    return r.data;
  };
  const existing = () => {
    const id = cameraId();
    const c = cameras.get(id);
    if (!c) throw usage(`no camera "${id}"; see: pnpm glassbay camera list`);
    return c;
  };
  const shown = <C extends { inputUrl: string }>(c: C): C => ({ ...c, inputUrl: redactUrl(c.inputUrl) });

  switch (command) {
    case 'camera add': {
      const id = cameraId();
      if (!values.bay) throw usage('--bay is required: the bay this camera watches');
      if (!cameras.bayExists(values.bay))
        throw usage(`no bay "${values.bay}"; add it first with: pnpm glassbay bay add`);
      const url = CameraInputUrlSchema.safeParse(values.url);
      if (!url.success) throw usage(`--url ${url.error.issues[0]!.message}`);
      if (cameras.get(id)) throw usage(`a camera "${id}" already exists`);
      const camera = {
        id,
        bayId: values.bay,
        name: (values.name ?? id).slice(0, 40),
        inputUrl: url.data,
        enabled: true,
        createdAt: now,
      };
      cameras.add(camera);
      out(
        { camera: shown(camera) },
        `Camera ${id} (bay ${values.bay}) added; a running hub starts pulling ${redactUrl(url.data)} within seconds.`,
      );
      return 0;
    }
    case 'camera list': {
      const list = cameras.list().map(shown);
      out(
        { cameras: list },
        list.length === 0
          ? 'No cameras. Add one with: pnpm glassbay camera add <id> --bay <bayId> --url <rtsp://…>'
          : list
              .map(
                (c) =>
                  `${c.id.padEnd(16)} ${(c.bayId ?? '-').padEnd(10)} ${c.enabled ? 'enabled ' : 'disabled'} ${c.inputUrl}`,
              )
              .join('\n'),
      );
      return 0;
    }
    case 'camera remove': {
      const c = existing();
      cameras.remove(c.id);
      out({ removed: c.id }, `Camera ${c.id} removed; its recordings stay until the ring ages them out.`);
      return 0;
    }
    case 'camera token': {
      const c = existing();
      const minutes = values.minutes === undefined ? 60 : Number(values.minutes);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_TOKEN_MINUTES)
        throw usage(`--minutes must be a whole number from 1 to ${MAX_TOKEN_MINUTES}`);
      const span = minutes * 60_000;
      const claims = { cams: [c.id], from: now - span, to: now + span, exp: now + span };
      const token = issueMediaToken(loadMediaSecret(config.dataDir), claims);
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      const live = `http://${host}:${config.httpPort}${hlsPaths.live(c.id, token)}`;
      out(
        { token, camera: c.id, ...claims, expiresAt: new Date(claims.exp).toISOString(), live },
        `Viewing link for camera ${c.id}, valid until ${new Date(claims.exp).toISOString()}:\n  ${live}\n` +
          `Play it with: ffplay "${live}"   (or any HLS player; replace the host when viewing from another machine)`,
      );
      return 0;
    }
    default:
      throw usage(`unknown command "${command}"\n${CAMERA_USAGE}`);
  }
}
