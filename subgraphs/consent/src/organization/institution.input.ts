import { Field, ID, InputType, registerEnumType } from "type-graphql";

/** Kinds of connecting institutions (stored and shown in lower case in `Organization.kind`). */
export enum InstitutionKind {
  HOSPITAL = "hospital", CLINIC = "clinic", DENTAL_CLINIC = "dental_clinic", PHARMACY = "pharmacy",
  CARE_FACILITY = "care_facility", VISITING_NURSE_STATION = "visiting_nurse_station",
  EMERGENCY_HOSPITAL = "emergency_hospital", PHR_OPERATOR = "phr_operator",
}
registerEnumType(InstitutionKind, { name: "InstitutionKind", description: "病院, 診療所, 歯科診療所, 薬局, 介護施設, 訪問看護ステーション, 救命救急センター, PHR事業者" });

@InputType({ description: "A new institution for the registry (policy admins)" })
export class RegisterInstitutionInput {
  @Field(() => ID, { description: "10-digit institution code (医療機関コード / 薬局コード / 介護事業所番号)" }) id!: string;
  @Field(() => String) name!: string;
  @Field(() => InstitutionKind) kind!: InstitutionKind;
  @Field(() => String, { description: "Prefecture code, 2 digits (JIS X 0401: 13 = Tokyo, 27 = Osaka)" }) prefecture!: string;
  @Field(() => String, { nullable: true, description: "Contact for trust matters (person, phone, e-mail)" }) contact?: string | null;
}

@InputType({ description: "Changes to an institution's registry entry; omitted fields stay as they are" })
export class UpdateInstitutionInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => InstitutionKind, { nullable: true }) kind?: InstitutionKind | null;
  @Field(() => String, { nullable: true }) prefecture?: string | null;
  @Field(() => String, { nullable: true }) contact?: string | null;
}
