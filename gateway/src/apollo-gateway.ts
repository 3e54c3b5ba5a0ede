import { ApolloGateway, type GatewayConfig } from "@apollo/gateway";

/**
 * The one place the hub constructs an `ApolloGateway`. By default @apollo/gateway 2.14 starts a usage meter that
 * probes the cloud metadata servers (AWS, GCP, Azure, Alibaba at 169.254.169.254) and exports metrics to Apollo's
 * OTLP endpoint. A hub for medical information makes no outbound connections its operator did not configure (MHLW
 * Security Guidelines for Medical Information Systems 6.0, on controlling external network connections), and the
 * probe's warnings broke the "start-up errors are one line" rule.
 * `APOLLO_TELEMETRY_DISABLED` is the package's only switch and it is read from the environment at construction, so it
 * is set here for the process before every construction (SECURITY.md, "the host and third parties").
 */
export function newApolloGateway(config: GatewayConfig): ApolloGateway {
  process.env.APOLLO_TELEMETRY_DISABLED = "true";
  return new ApolloGateway(config);
}
