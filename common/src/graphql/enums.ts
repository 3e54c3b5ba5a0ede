import { registerEnumType } from "type-graphql";
import type { Role } from "../request-context.js";

/** GraphQL enum `Role` (SPEC §4): upper-case names, the token's lower-case role as the value. */
export enum RoleEnum {
  DOCTOR = "doctor", NURSE = "nurse", PHARMACIST = "pharmacist", CLERK = "clerk", PATIENT = "patient",
  EMERGENCY_RESPONDER = "emergency_responder", PHR_OPERATOR = "phr_operator", POLICY_ADMIN = "policy_admin",
  DATA_STEWARD = "data_steward", RESEARCHER = "researcher", AUDITOR = "auditor", SYSTEM = "system",
}
registerEnumType(RoleEnum, { name: "Role", description: "The caller's role (the token's `role` claim in lower case)" });

// Every role of the hub is a value of the enum, and nothing else (compile-time check).
const _roles: Record<Role, RoleEnum> = {
  doctor: RoleEnum.DOCTOR, nurse: RoleEnum.NURSE, pharmacist: RoleEnum.PHARMACIST, clerk: RoleEnum.CLERK, patient: RoleEnum.PATIENT,
  emergency_responder: RoleEnum.EMERGENCY_RESPONDER, phr_operator: RoleEnum.PHR_OPERATOR, policy_admin: RoleEnum.POLICY_ADMIN,
  data_steward: RoleEnum.DATA_STEWARD, researcher: RoleEnum.RESEARCHER, auditor: RoleEnum.AUDITOR, system: RoleEnum.SYSTEM,
};
void _roles;
