import type { DataSource } from "typeorm";
import { scheduleJob } from "@hub/common";
import { closeExpiredGrants } from "@hub/policies";

/**
 * Grants expire by themselves (the emergency-grant rule checks `expiresAt`); this job records the end of each one
 * (DICOM 110138 "Emergency Override Stopped") through the grant store. It is a scheduled job of the consent
 * service (`consent.job_runs`): one replica runs it per period, and the store closes each grant exactly once even
 * if two runs met. Returns a stop function.
 */
export function startExpiryJob(ds: DataSource, everyMs: number): () => Promise<void> {
  return scheduleJob(ds, "consent", {
    name: "emergency-expiry",
    everyMs,
    run: async () => `closed ${await closeExpiredGrants()}`,
  });
}
