import { Column, Entity, PrimaryColumn } from "typeorm";

/** An institution in the registry (hospital, clinic, pharmacy, …), by its 10-digit code. */
@Entity({ name: "organizations" })
export class OrganizationEntity {
  @PrimaryColumn({ type: "text" }) id!: string;
  @Column({ type: "text" }) name!: string;
  @Column({ type: "text" }) kind!: string;
  /** Prefecture code (JIS X 0401, 2 digits). */
  @Column({ type: "text" }) prefecture!: string;
  @Column({ type: "text" }) status!: string;
  @Column({ type: "text", nullable: true }) contact!: string | null;
}
