require("reflect-metadata");
const { buildFederatedSchema, subgraphSdl } = require("/work/main/common/dist");
const { enforcement } = require("/work/main/policies/dist");
const { clinicalService } = require("/work/main/subgraphs/clinical/dist");
buildFederatedSchema(clinicalService.definition, enforcement).then(s => console.log(subgraphSdl(s))).catch(e => console.error(e));
