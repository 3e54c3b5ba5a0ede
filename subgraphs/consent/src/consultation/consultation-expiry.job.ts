import { logger } from "@hub/common";
import { closeExpiredConsultations } from "./consultation.store.js";

/** Records consultations that reached `expiresAt` (access already ended with their consent) and tells the parties. */
export function startConsultationExpiryJob(everyMs = 30_000): () => void {
  const log = logger("consent");
  const timer = setInterval(() => {
    closeExpiredConsultations().catch((err) => log.error({ err }, "closing expired consultations failed"));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
