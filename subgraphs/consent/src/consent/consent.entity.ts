import { Column, Entity, PrimaryColumn } from "typeorm";
import type { DataCategory, Purpose } from "@hub/common";

/** A patient's consent: an institution may read categories for a purpose until it expires or is revoked. */
@Entity({ name: "consents" })
export class ConsentEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text", name: "organization_id" }) organizationId!: string;
  @Column({ type: "text" }) purpose!: Purpose;
  /** null = all categories */
  @Column({ type: "text", array: true, nullable: true }) categories!: DataCategory[] | null;
  @Column({ type: "text" }) status!: "ACTIVE" | "REVOKED";
  @Column({ type: "timestamptz", name: "granted_at" }) grantedAt!: Date;
  @Column({ type: "timestamptz", name: "expires_at", nullable: true }) expiresAt!: Date | null;
  @Column({ type: "timestamptz", name: "revoked_at", nullable: true }) revokedAt!: Date | null;
  @Column({ type: "text" }) source!: string;
  /** The patient lets this institution share onward (specialist consultation). */
  @Column({ type: "boolean", name: "onward_sharing", default: false }) onwardSharing!: boolean;
  /** Only this practitioner of the institution (specialist shares). */
  @Column({ type: "text", name: "practitioner_sub", nullable: true }) practitionerSub!: string | null;
  @Column({ type: "text", name: "shared_by", nullable: true }) sharedBy!: string | null;
  @Column({ type: "text", nullable: true }) note!: string | null;
}
