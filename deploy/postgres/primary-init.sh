#!/bin/bash
# The primary's first start (docker-compose.yml, service postgres): the postgres image runs the
# scripts of /docker-entrypoint-initdb.d once, on an empty data folder, with a server on its Unix
# socket. This one makes the role the replicas copy and stream with, and lets it connect for
# replication (the image's own pg_hba.conf line, `host all all all`, does not cover replication
# connections). The server that starts after the scripts reads pg_hba.conf anew.
set -eo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=user="$REPLICATION_USER" --set=password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"user" WITH REPLICATION LOGIN PASSWORD :'password';
SQL

echo "host replication $REPLICATION_USER all scram-sha-256" >>"$PGDATA/pg_hba.conf"
