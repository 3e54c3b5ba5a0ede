import { Column, Entity, PrimaryColumn } from "typeorm";

/** An institution in the registry (hospital, clinic, pharmacy, care facility, …), by its 10-digit code. */
@Entity({ name: "organizations" })
export class OrganizationEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text" }) name!: string;
  @Column({ type: "text" }) kind!: string;
  /** Prefecture code (JIS X 0401, 2 digits). */
  @Column({ type: "text" }) prefecture!: string;
  /** ACTIVE or SUSPENDED: a suspended institution's users and systems are refused at the gateway. */
  @Column({ type: "text" }) status!: string;
  @Column({ type: "text", nullable: true }) contact!: string | null;
  @Column({ name: "status_reason", type: "text", nullable: true }) statusReason?: string | null;
  @Column({ name: "status_changed_at", type: "timestamptz", nullable: true }) statusChangedAt?: Date | null;
  @Column({ name: "updated_at", type: "timestamptz", default: () => "now()" }) updatedAt?: Date;
  @Column({ name: "updated_by", type: "text", nullable: true }) updatedBy?: string | null;
}
