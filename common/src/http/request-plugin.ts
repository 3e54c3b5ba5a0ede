import type { ApolloServerPlugin } from "@apollo/server";
import { requestInfoOfContext } from "./request-info.js";

/**
 * Apollo side of the request info: names the operation (for the log line, the metrics and the span) and puts the
 * request id into every GraphQL response as `extensions.requestId`: the key of its audit events and log line.
 */
export const requestInfoPlugin: ApolloServerPlugin<object> = {
  async requestDidStart({ contextValue }) {
    const info = requestInfoOfContext(contextValue);
    if (!info) return {};
    return {
      async didResolveOperation({ operationName, operation }) {
        info.operation = operationName ?? operation?.name?.value ?? "anonymous";
      },
      async willSendResponse({ response }) {
        if (response.body.kind === "single") {
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, requestId: info.requestId };
        }
      },
    };
  },
};
