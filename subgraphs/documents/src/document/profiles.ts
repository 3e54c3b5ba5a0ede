import type { DataCategory } from "@hub/common";

export type DocumentType = "REFERRAL" | "DISCHARGE_SUMMARY" | "CHECKUP_REPORT" | "PATIENT_SUMMARY";

/** Sections a document must carry: at the top of the Composition, and inside its 構造情報 (300) section. */
export interface RequiredSections {
  top: string[];
  structured: string[];
  /** Whether the CDA/PDF-or-structured rule of eReferral/eDischargeSummary applies (checkExist-CDASection-or-structuredSection). */
  cdaOrStructured: boolean;
}

export interface DocumentProfile {
  /** doc-typecodes code (LOINC) of Composition.type. */
  loinc: string;
  /** The JP-CLINS Bundle and Composition profiles. */
  bundleProfile: string;
  compositionProfile: string;
  category: DataCategory;
  title: string;
  sections: RequiredSections | null;
  /** The retention period, as the retention rules apply it (retention.rules.ts; SPEC §7). */
  retention: string;
}

/**
 * The document kinds the hub exchanges, one entry each (「3文書6情報に限定せず」: a new kind is one entry here plus
 * its rules): the three documents of the 電子カルテ情報共有サービス and the 患者サマリー (療養計画書, JP_Bundle_ePCS).
 * Codes per JP-CLINS doc-typecodes; required sections per the Composition profiles' slicing.
 */
export const DOCUMENT_PROFILES: Record<DocumentType, DocumentProfile> = {
  REFERRAL: {
    loinc: "57133-1", bundleProfile: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eReferral",
    compositionProfile: "http://jpfhir.jp/fhir/eReferral/StructureDefinition/JP_Composition_eReferral", category: "document_referral", title: "診療情報提供書",
    sections: { top: ["910", "920"], structured: ["950", "340"], cdaOrStructured: true }, retention: "7 days after retrieval",
  },
  DISCHARGE_SUMMARY: {
    loinc: "18842-5", bundleProfile: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_eDischargeSummary",
    compositionProfile: "http://jpfhir.jp/fhir/eDischargeSummary/StructureDefinition/JP_Composition_eDischargeSummary", category: "document_discharge", title: "退院時サマリー",
    sections: { top: [], structured: ["342", "333"], cdaOrStructured: true }, retention: "kept (no period in the design)",
  },
  CHECKUP_REPORT: {
    loinc: "53576-5", bundleProfile: "http://jpfhir.jp/fhir/eCheckup/StructureDefinition/JP_Bundle_eCheckupReport",
    compositionProfile: "http://jpfhir.jp/fhir/eCheckup/StructureDefinition/JP_Composition_eCheckupReport", category: "document_checkup", title: "健康診断結果報告書",
    sections: null, retention: "5 years",
  },
  PATIENT_SUMMARY: {
    loinc: "56447-6", bundleProfile: "http://jpfhir.jp/fhir/clins/StructureDefinition/JP_Bundle_ePCS",
    compositionProfile: "http://jpfhir.jp/fhir/ePCS/StructureDefinition/JP_Composition_ePCS", category: "document_summary", title: "患者サマリー（療養計画書）",
    sections: { top: ["422"], structured: [], cdaOrStructured: false }, retention: "kept (no period in the design)",
  },
};

export const DOCUMENT_TYPE_NAMES = Object.keys(DOCUMENT_PROFILES) as DocumentType[];

/** The kind of document a doc-typecodes code stands for, or null. */
export const documentTypeByCode = (code: string | undefined): DocumentType | null =>
  DOCUMENT_TYPE_NAMES.find((t) => DOCUMENT_PROFILES[t].loinc === code) ?? null;
