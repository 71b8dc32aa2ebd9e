// Camera configuration rows (migration 0005). The input URL may hold a camera password: it is read
// here and by the supervisor only; everything shown to people goes through redactUrl.
import type { Db } from '../store/db.ts';

export interface CameraConfig {
  id: string;
  bayId: string | null;
  name: string;
  inputUrl: string;
  enabled: boolean;
  createdAt: number;
}

interface CameraRow {
  id: string;
  bay_id: string | null;
  name: string;
  input_url: string;
  enabled: number;
  created_at: number;
}

const toConfig = (r: CameraRow): CameraConfig => ({
  id: r.id,
  bayId: r.bay_id,
  name: r.name,
  inputUrl: r.input_url,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
});

export function createCamerasRepository(db: Db) {
  const cols = 'id, bay_id, name, input_url, enabled, created_at';
  const q = {
    all: db.prepare<[], CameraRow>(`SELECT ${cols} FROM cameras ORDER BY bay_id, id`),
    one: db.prepare<[string], CameraRow>(`SELECT ${cols} FROM cameras WHERE id = ?`),
    insert: db.prepare(
      'INSERT INTO cameras (id, bay_id, name, input_url, enabled, created_at) VALUES (@id, @bayId, @name, @inputUrl, @enabled, @createdAt)',
    ),
    remove: db.prepare('DELETE FROM cameras WHERE id = ?'),
    bayExists: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM bays WHERE id = ?'),
    bayName: db.prepare<[string], { name: string }>('SELECT name FROM bays WHERE id = ?'),
  };
  return {
    list: (): CameraConfig[] => q.all.all().map(toConfig),
    get(id: string): CameraConfig | undefined {
      const r = q.one.get(id);
      return r && toConfig(r);
    },
    add(c: CameraConfig): void {
      q.insert.run({ ...c, enabled: Number(c.enabled) });
    },
    remove: (id: string): boolean => q.remove.run(id).changes > 0,
    bayExists: (bayId: string): boolean => q.bayExists.get(bayId)!.n > 0,
    bayName: (bayId: string): string | null => q.bayName.get(bayId)?.name ?? null,
  };
}
export type CamerasRepository = ReturnType<typeof createCamerasRepository>;

/** The URL with any password replaced, for logs, the CLI and the console. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]+):[^@/]*@/i, '$1:***@');
}
