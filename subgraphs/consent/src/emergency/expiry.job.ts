import { logger } from "@hub/common";
import { closeExpiredGrants } from "@hub/policies";

/**
 * Grants expire by themselves (the emergency-grant rule checks `expiresAt`); this job records the end of each one
 * (DICOM 110138 "Emergency Override Stopped") through the grant store, which closes each grant exactly once even
 * when every replica runs the job. Returns a stop function.
 */
export function startExpiryJob(everyMs = 30_000): () => void {
  const log = logger("consent");
  const timer = setInterval(() => {
    closeExpiredGrants().catch((err) => log.error({ err }, "closing expired emergency grants failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
