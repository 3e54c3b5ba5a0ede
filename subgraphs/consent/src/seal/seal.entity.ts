import { Column, Entity, PrimaryColumn } from "typeorm";
import type { DataCategory } from "@hub/common";

/** 封印: the patient hides records (RESTRICTED: only break-glass passes; SEALED: nobody but the patient). */
@Entity({ name: "seals" })
export class SealEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text", name: "patient_id" }) patientId!: string;
  @Column({ type: "text" }) level!: "RESTRICTED" | "SEALED";
  @Column({ type: "text", name: "source_organization_id", nullable: true }) sourceOrganizationId!: string | null;
  @Column({ type: "text", nullable: true }) category!: DataCategory | null;
  @Column({ type: "text", name: "record_ids", array: true, nullable: true }) recordIds!: string[] | null;
  @Column({ type: "boolean" }) active!: boolean;
  @Column({ type: "timestamptz", name: "created_at" }) createdAt!: Date;
  @Column({ type: "timestamptz", name: "removed_at", nullable: true }) removedAt!: Date | null;
}
