import { Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from "type-graphql";
import { Category, NON_PATIENT } from "@hub/common";
import { Document } from "./document.type.js";
import { listDocuments } from "./document.resolver.js";

/** The documents subgraph's part of the emergency summary: the latest discharge summary. */
@ObjectType("EmergencySummary")
@Directive('@key(fields: "patientId")')
export class DocumentsEmergencySummary {
  @Field(() => ID) @Category(NON_PATIENT) patientId!: string;
}

@Resolver(() => DocumentsEmergencySummary)
export class EmergencySummaryDocumentsResolver {
  @FieldResolver(() => Document, { nullable: true, description: "退院時サマリー: the latest discharge summary the caller may read" })
  @Category("document_discharge")
  async latestDischargeSummary(@Root() s: DocumentsEmergencySummary): Promise<Document | null> {
    const page = await listDocuments(s.patientId, ["document_discharge"], 1, null);
    return page.nodes[0] ?? null;
  }
}
