import { Column, Entity, PrimaryColumn } from "typeorm";
import type { DataCategory } from "@hub/common";
import { DOCUMENT_PROFILES, type DocumentType } from "./profiles.js";

export type { DocumentType } from "./profiles.js";

/** The document kinds and their data categories (the registry in profiles.ts). */
export const DOCUMENT_TYPES: Record<DocumentType, { category: DataCategory; loinc: string; title: string }> = DOCUMENT_PROFILES;

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
