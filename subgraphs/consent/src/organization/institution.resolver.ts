import { Arg, ID, Mutation, Resolver } from "type-graphql";
import { BadUserInputError, Category, ConflictError, dataSource, NON_PATIENT, NotFoundError, caller, Operation } from "@hub/common";
import { audit } from "@hub/policies";
import { OrganizationEntity } from "./organization.entity.js";
import { Organization } from "./organization.type.js";
import { contactsForAll, presentOrganization } from "./organization.resolver.js";
import { InstitutionKind, RegisterInstitutionInput, UpdateInstitutionInput } from "./institution.input.js";

const CODE = /^\d{10}$/;
const PREFECTURE = /^(0[1-9]|[1-3][0-9]|4[0-7])$/;
const KINDS = new Set<string>(Object.values(InstitutionKind));


function text(value: string, argument: string, max: number): string {
  const v = value.trim();
  if (!v || v.length > max || /[\u0000-\u001f]/.test(v)) throw new BadUserInputError(`${argument} must be 1–${max} printable characters`, { argument });
  return v;
}

function checkedFields(input: UpdateInstitutionInput): Partial<OrganizationEntity> {
  const out: Partial<OrganizationEntity> = {};
  if (input.name != null) out.name = text(input.name, "name", 200);
  if (input.kind != null) {
    if (!KINDS.has(input.kind)) throw new BadUserInputError("unknown institution kind", { argument: "kind" });
    out.kind = input.kind;
  }
  if (input.prefecture != null) {
    if (!PREFECTURE.test(input.prefecture)) throw new BadUserInputError("prefecture must be a code 01–47", { argument: "prefecture" });
    out.prefecture = input.prefecture;
  }
  if (input.contact !== undefined) out.contact = input.contact === null || input.contact.trim() === "" ? null : text(input.contact, "contact", 500);
  return out;
}

/** Registry administration (policy_admin): register, update, suspend and reinstate institutions; all audited. */
@Resolver()
export class InstitutionAdminResolver {
  @Mutation(() => Organization, { description: "Register an institution (policy admins); CONFLICT when the code is taken" }) @Category(NON_PATIENT) @Operation("manage-registry")
  async registerInstitution(@Arg("input", () => RegisterInstitutionInput) input: RegisterInstitutionInput): Promise<Organization> {
    const by = caller().sub;
    if (!CODE.test(input.id)) throw new BadUserInputError("an institution code has 10 digits", { argument: "id" });
    const fields = checkedFields(input);
    const row = { id: input.id, ...fields, contact: fields.contact ?? null, status: "ACTIVE", updatedBy: by } as OrganizationEntity;
    const inserted = await dataSource("consent").query(
      `INSERT INTO consent.organizations (id, name, kind, prefecture, status, contact, updated_by) VALUES ($1, $2, $3, $4, 'ACTIVE', $5, $6)
       ON CONFLICT (id) DO NOTHING RETURNING id`, [row.id, row.name, row.kind, row.prefecture, row.contact, by]) as unknown[];
    if (inserted.length === 0) throw new ConflictError(`institution ${input.id} is already registered`);
    await audit().event({ eventType: "institution-changed", detail: { action: "registered", institution: row.id, name: row.name, kind: row.kind, prefecture: row.prefecture } });
    return this.reload(row.id);
  }

  @Mutation(() => Organization, { description: "Change an institution's name, kind, prefecture or contact (policy admins)" }) @Category(NON_PATIENT) @Operation("manage-registry")
  async updateInstitution(@Arg("id", () => ID) id: string, @Arg("input", () => UpdateInstitutionInput) input: UpdateInstitutionInput): Promise<Organization> {
    const by = caller().sub;
    const fields = checkedFields(input);
    if (Object.keys(fields).length === 0) throw new BadUserInputError("nothing to change", { argument: "input" });
    const repo = dataSource("consent").getRepository(OrganizationEntity);
    const result = await repo.update({ id }, { ...fields, updatedAt: new Date(), updatedBy: by });
    if (!result.affected) throw new NotFoundError("no such institution");
    await audit().event({ eventType: "institution-changed", detail: { action: "updated", institution: id, changed: Object.keys(fields) } });
    return this.reload(id);
  }

  @Mutation(() => Organization, { description: "Suspend an institution: its users and system clients are refused from their next request (FORBIDDEN, rule institution-suspended)" })
  @Category(NON_PATIENT) @Operation("manage-registry")
  suspendInstitution(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string): Promise<Organization> {
    return this.setStatus(id, "SUSPENDED", text(reason, "reason", 500));
  }

  @Mutation(() => Organization, { description: "Reinstate a suspended institution: its users and system clients are accepted again" }) @Category(NON_PATIENT) @Operation("manage-registry")
  reinstateInstitution(@Arg("id", () => ID) id: string, @Arg("reason", () => String, { nullable: true }) reason?: string | null): Promise<Organization> {
    return this.setStatus(id, "ACTIVE", reason ? text(reason, "reason", 500) : null);
  }

  private async setStatus(id: string, status: "ACTIVE" | "SUSPENDED", reason: string | null): Promise<Organization> {
    const by = caller().sub;
    const repo = dataSource("consent").getRepository(OrganizationEntity);
    const row = await repo.findOneBy({ id });
    if (!row) throw new NotFoundError("no such institution");
    if (row.status === status) throw new ConflictError(`institution ${id} is already ${status}`);
    const now = new Date();
    await repo.update({ id }, { status, statusReason: reason, statusChangedAt: now, updatedAt: now, updatedBy: by });
    await audit().event({ eventType: "institution-changed", detail: { action: status === "SUSPENDED" ? "suspended" : "reinstated", institution: id, reason } });
    return this.reload(id);
  }

  private async reload(id: string): Promise<Organization> {
    return presentOrganization(await dataSource("consent").getRepository(OrganizationEntity).findOneBy({ id }), await contactsForAll())!;
  }
}
