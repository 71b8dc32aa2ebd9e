// The SOP library: every version of every service's standard, kept in memory (only the hub writes
// it), the version that judges a job, and new versions saved from the console.
import type { SaveSopBody, ServiceDef, SopSummary, SopVersion } from '@glassbay/protocol';
import { versionInForce } from '../domain/wristband-sop.ts';
import type { Db } from '../store/db.ts';
import type { SopsRepository, StoredStandard } from './sops.repository.ts';
import { AppError } from '../domain/errors.ts';

const toVersion = (s: StoredStandard): SopVersion => ({
  serviceCode: s.serviceCode,
  version: s.version,
  effectiveFrom: s.effectiveFrom,
  createdBy: s.createdBy,
  note: s.note,
  steps: s.steps,
});

export function createSopsService(deps: { db: Db; sops: SopsRepository; services: () => ServiceDef[] }) {
  const { db, sops } = deps;
  let all = sops.all();
  const byId = new Map<number, StoredStandard>();
  const byService = new Map<string, StoredStandard[]>();
  const index = () => {
    byId.clear();
    byService.clear();
    for (const s of all) {
      byId.set(s.id, s);
      byService.set(s.serviceCode, [...(byService.get(s.serviceCode) ?? []), s]);
    }
  };
  index();

  const inForce = (serviceCode: string, at: number) => versionInForce(byService.get(serviceCode) ?? [], at);

  return {
    byId: (id: number) => byId.get(id),
    inForce,
    /** The standards that judge a job: each of its services' version in force when it was opened. */
    forJob(services: readonly string[], openedAt: number): StoredStandard[] {
      return services.map((code) => inForce(code, openedAt)).filter((s): s is StoredStandard => s !== undefined);
    },
    /** Every service's current standard (for steps on a bay with no job). */
    current(now: number): StoredStandard[] {
      return [...byService.keys()].map((code) => inForce(code, now)).filter((s): s is StoredStandard => !!s);
    },

    library(now: number): SopSummary[] {
      return deps.services().map((svc) => {
        const versions = byService.get(svc.code) ?? [];
        const current = inForce(svc.code, now);
        return {
          serviceCode: svc.code,
          serviceName: svc.name,
          current: current ? toVersion(current) : null,
          versions: versions.map((v) => ({
            version: v.version,
            effectiveFrom: v.effectiveFrom,
            createdBy: v.createdBy,
            note: v.note,
            steps: v.steps.length,
          })),
        };
      });
    },

    version(serviceCode: string, version: number): SopVersion {
      const v = byService.get(serviceCode)?.find((s) => s.version === version);
      if (!v) throw new AppError(404, 'SOP_NOT_FOUND', `no version ${version} of the standard for "${serviceCode}"`);
      return toVersion(v);
    },

    /** A new version, in force from now: jobs opened before keep the version they started with. */
    save(serviceCode: string, body: SaveSopBody, by: string, now: number): SopVersion {
      if (!sops.serviceExists(serviceCode))
        throw new AppError(
          404,
          'SERVICE_UNKNOWN',
          `"${serviceCode}" is not on the service menu; add the service first`,
        );
      const saved = db.transaction(() => sops.insert(serviceCode, body.steps, by, body.note || null, now))();
      all = [...all, saved];
      index();
      return toVersion(saved);
    },
  };
}
export type SopsService = ReturnType<typeof createSopsService>;
