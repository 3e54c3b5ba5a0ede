import { Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from "type-graphql";
import { Category, NON_PATIENT, dataSource } from "@hub/common";
import { listPatientRows } from "@hub/policies";
import { DocumentEntity } from "./document.entity.js";
import { Document } from "./document.type.js";
import { toDocument } from "./document.resolver.js";

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
    const page = await listPatientRows({
      qb: dataSource("documents").getRepository(DocumentEntity).createQueryBuilder("d"),
      alias: "d", patientId: s.patientId, categories: ["document_discharge"], first: 1, after: null,
      columns: { time: "issued_at", category: "category", sourceOrg: "source_org_id", withheld: "withheld" },
      toView: toDocument, timeOf: (d) => d.issuedAt,
    });
    return page.nodes[0] ?? null;
  }
}
