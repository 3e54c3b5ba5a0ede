import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";
import { Gender } from "@hub/clinical";

@InputType({ description: "The fields of a health insurance card or My Number card's insurance record (保険者番号:記号:番号:枝番)" })
export class EmergencyCardInput {
  @Field(() => String, { description: "保険者番号, 8 digits" }) insurerNumber!: string;
  @Field(() => String, { description: "記号" }) symbol!: string;
  @Field(() => String, { description: "番号" }) number!: string;
  @Field(() => String, { nullable: true, description: "枝番 (2 digits)" }) branch?: string | null;
}

@InputType({ description: "Find a patient who cannot identify herself: by card fields, or by name or kana with a birth date (or a range of birth years) and sex" })
export class FindPatientForEmergencyInput {
  @Field(() => EmergencyCardInput, { nullable: true }) card?: EmergencyCardInput | null;
  @Field(() => String, { nullable: true, description: "Name as written (spaces ignored)" }) name?: string | null;
  @Field(() => String, { nullable: true, description: "Name in kana, hiragana or katakana (spaces ignored)" }) kana?: string | null;
  @Field(() => String, { nullable: true, description: "Exact date of birth (YYYY-MM-DD)" }) birthDate?: string | null;
  @Field(() => Int, { nullable: true, description: "Approximate age: first birth year of the range (at most 10 years)" }) birthYearFrom?: number | null;
  @Field(() => Int, { nullable: true, description: "Last birth year of the range" }) birthYearTo?: number | null;
  @Field(() => Gender, { nullable: true, description: "Required with a name or kana" }) sex?: Gender | null;
  @Field(() => String, { description: "Why the patient must be identified this way (at least 10 characters)" }) justification!: string;
  @Field(() => ID, { nullable: true, description: "A declared disaster the caller's institution acts under: a lookup that pins down one patient identifies her for the disaster special measure" })
  disasterId?: string | null;
}

/** Only what telling candidates apart needs; the operation (find-patient-emergency) decides the whole answer. */
@ObjectType({ description: "A patient who matches an emergency lookup" })
export class EmergencyPatientCandidate {
  @Field(() => ID) @Category(NON_PATIENT) id!: string;
  @Field(() => String) @Category(NON_PATIENT) name!: string;
  @Field(() => String, { nullable: true }) @Category(NON_PATIENT) kana!: string | null;
  @Field(() => String) @Category(NON_PATIENT) birthDate!: string;
  @Field(() => Gender) @Category(NON_PATIENT) sex!: Gender;
}

@ObjectType({ description: "The answer of an emergency lookup" })
export class EmergencyPatientLookup {
  @Field(() => [EmergencyPatientCandidate], { description: "At most 5; none when more match (tooMany)" }) @Category(NON_PATIENT) candidates!: EmergencyPatientCandidate[];
  @Field(() => Boolean, { description: "More patients match than a lookup may show: narrow it (exact birth date, kana)" }) @Category(NON_PATIENT) tooMany!: boolean;
  @Field(() => ID, { nullable: true, description: "Under a declared disaster, when one patient matched: the identification that lets the caller's institution read her disaster set (x-purpose-of-use: DISASTER)" })
  @Category(NON_PATIENT) disasterAccessId!: string | null;
}
