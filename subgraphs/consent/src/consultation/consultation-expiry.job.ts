import type { DataSource } from "typeorm";
import { scheduleJob } from "@hub/common";
import { closeExpiredConsultations } from "./consultation.store.js";

/**
 * Records consultations that reached `expiresAt` (access already ended with their consent) and so tells the parties.
 * A scheduled job of the consent service (`consent.job_runs`): one replica per period; each row moves once anyway.
 */
export function startConsultationExpiryJob(ds: DataSource, everyMs: number): () => Promise<void> {
  return scheduleJob(ds, "consent", { name: "consultation-expiry", everyMs, run: async () => `closed ${await closeExpiredConsultations()}` });
}
