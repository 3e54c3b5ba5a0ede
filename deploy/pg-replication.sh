#!/bin/bash
# Run once by the postgres image on the primary's first start: let the standby stream over the network.
set -e
echo "host replication hub all scram-sha-256" >> "$PGDATA/pg_hba.conf"
