import { registerEnumType } from "type-graphql";
import { BadUserInputError } from "@hub/common";

/**
 * The legal basis a dataset request relies on (Japan): the academic-research exceptions of the Act on the Protection
 * of Personal Information (個人情報保護法 Art. 18(3)(v)–(vi), 27(1)(v)–(vii); with ethics committee approval under the
 * 人を対象とする生命科学・医学系研究に関する倫理指針), the Next-Generation Medical Infrastructure Act
 * (次世代医療基盤法, 2024 amendment) for pseudonymised (仮名加工医療情報) or anonymised (匿名加工医療情報) medical data,
 * and public health (APPI Art. 27(1)(iii)).
 */
export enum LegalBasis {
  ACADEMIC_RESEARCH = "ACADEMIC_RESEARCH",
  PSEUDONYMISED_MEDICAL_DATA = "PSEUDONYMISED_MEDICAL_DATA",
  ANONYMISED_MEDICAL_DATA = "ANONYMISED_MEDICAL_DATA",
  PUBLIC_HEALTH = "PUBLIC_HEALTH",
}
registerEnumType(LegalBasis, { name: "LegalBasis", description: "法的根拠: academic research (APPI exceptions), 次世代医療基盤法 pseudonymised or anonymised medical data, public health" });

export enum RequesterKind {
  ACADEMIC_INSTITUTION = "ACADEMIC_INSTITUTION",
  HEALTHCARE_PROVIDER = "HEALTHCARE_PROVIDER",
  PUBLIC_AGENCY = "PUBLIC_AGENCY",
  INDUSTRY = "INDUSTRY",
}
registerEnumType(RequesterKind, { name: "RequesterKind", description: "利用者の種別: university or research institute, healthcare provider, government body, company" });

export enum ProcessingLevel { PSEUDONYMISED = "PSEUDONYMISED", ANONYMISED = "ANONYMISED" }
registerEnumType(ProcessingLevel, {
  name: "ProcessingLevel",
  description: "加工形態: PSEUDONYMISED (仮名加工: stable per-project pseudonyms, shifted days) for approved research projects; ANONYMISED (匿名加工: new pseudonyms every extraction, months only, k ≥ 10) for every other use",
});

/** The smallest k of an anonymised release (stricter than the research default of 5). */
export const ANONYMISED_MIN_K = 10;

/**
 * 加工形態 follows the purpose and the kind of data user: pseudonymised data only for a research project (purpose
 * HRESCH) on a basis that allows it (academic research by an academic institution, or the Act's pseudonymised medical
 * data); anonymised data for every other request. Combinations the law does not offer are refused.
 */
export function processingOf(purpose: string, basis: LegalBasis, kind: RequesterKind): ProcessingLevel {
  if (basis === LegalBasis.ACADEMIC_RESEARCH && kind !== RequesterKind.ACADEMIC_INSTITUTION) {
    throw new BadUserInputError("the academic-research exception is for academic institutions; state PSEUDONYMISED_MEDICAL_DATA or ANONYMISED_MEDICAL_DATA", { argument: "legalBasis" });
  }
  if ((basis === LegalBasis.ACADEMIC_RESEARCH || basis === LegalBasis.PSEUDONYMISED_MEDICAL_DATA) && purpose !== "HRESCH") {
    throw new BadUserInputError(`${basis} is a basis for research (purpose HRESCH)`, { argument: "legalBasis" });
  }
  return basis === LegalBasis.ACADEMIC_RESEARCH || basis === LegalBasis.PSEUDONYMISED_MEDICAL_DATA ? ProcessingLevel.PSEUDONYMISED : ProcessingLevel.ANONYMISED;
}

/** The k a release is held to: the request's, and at least ANONYMISED_MIN_K for anonymised output. */
export const effectiveK = (k: number, processing: string) => (processing === ProcessingLevel.ANONYMISED ? Math.max(k, ANONYMISED_MIN_K) : k);
