import { Column, Entity, PrimaryColumn } from "typeorm";
import type { DataCategory } from "@hub/common";

export type DocumentType = "REFERRAL" | "DISCHARGE_SUMMARY" | "CHECKUP_REPORT";

/** The three documents (3文書) and their data categories. LOINC codes per JP-CLINS doc-typecodes. */
export const DOCUMENT_TYPES: Record<DocumentType, { category: DataCategory; loinc: string; title: string }> = {
  REFERRAL: { category: "document_referral", loinc: "57133-1", title: "診療情報提供書" },
  DISCHARGE_SUMMARY: { category: "document_discharge", loinc: "18842-5", title: "退院時サマリー" },
  CHECKUP_REPORT: { category: "document_checkup", loinc: "53576-5", title: "健康診断結果報告書" },
};

@Entity({ name: "documents" })
export class DocumentEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text" }) type!: DocumentType;
  @Column({ type: "text" }) category!: DataCategory;
  @Column({ type: "text", name: "source_org_id" }) sourceOrgId!: string;
  @Column({ type: "text", name: "destination_org_id", nullable: true }) destinationOrgId!: string | null;
  @Column({ type: "text" }) status!: string;
  @Column({ type: "text" }) issuance!: string;
  @Column({ type: "text", name: "exchange_number", nullable: true }) exchangeNumber!: string | null;
  @Column({ type: "text", nullable: true }) title!: string | null;
  @Column({ type: "timestamptz", name: "issued_at" }) issuedAt!: Date;
  @Column({ type: "boolean" }) withheld!: boolean;
  @Column({ type: "jsonb" }) bundle!: object;
  @Column({ type: "timestamptz", name: "retrieved_at", nullable: true }) retrievedAt?: Date | null;
  @Column({ type: "timestamptz", name: "withdrawn_at", nullable: true }) withdrawnAt?: Date | null;
  @Column({ type: "text", name: "withdrawn_reason", nullable: true }) withdrawnReason?: string | null;
  /** The issuer's Bundle.identifier value and a hash of the Bundle: the same pair registered again is the same document. */
  @Column({ type: "text", name: "bundle_identifier", nullable: true }) bundleIdentifier?: string | null;
  @Column({ type: "text", name: "content_hash", nullable: true }) contentHash?: string | null;
  @Column({ type: "integer", default: 1 }) version?: number;
  @Column({ type: "text", name: "supersedes_id", nullable: true }) supersedesId?: string | null;
  @Column({ type: "text", name: "superseded_by_id", nullable: true }) supersededById?: string | null;
  /** The institution that retrieved it (a second retrieval there answers the same document). */
  @Column({ type: "text", name: "retrieved_by_org", nullable: true }) retrievedByOrg?: string | null;
}
