#!/bin/bash
# The streaming replica's start (docker-compose.yml, service postgres-replica), run as the
# postgres user. On the first start (an empty volume) it copies the primary with pg_basebackup:
# --write-recovery-conf writes standby.signal and primary_conninfo, so the copy starts as a hot
# standby streaming from the primary, through a physical replication slot (the primary keeps the
# WAL the replica has not received yet, up to its max_slot_wal_keep_size). Later starts only run
# PostgreSQL on the copy it has.
set -eo pipefail

cloned="$PGDATA/.cloned-from-primary"

clone() {
  find "$PGDATA" -mindepth 1 -delete
  pg_basebackup --host="$PRIMARY_HOST" --username="$REPLICATION_USER" --pgdata="$PGDATA" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --slot="$REPLICATION_SLOT" "$@"
}

if [ ! -e "$cloned" ]; then
  # The primary may still be starting: try again until it answers. A slot left by an earlier copy
  # of this replica (its volume removed) is reused rather than created.
  until clone --create-slot || clone; do
    echo "replica: no base backup from $PRIMARY_HOST yet, trying again in 2 s" >&2
    sleep 2
  done
  chmod 0700 "$PGDATA"
  touch "$cloned"
fi

# hot_standby: answer read-only queries while replaying. hot_standby_feedback: the primary's
# vacuum waits for the replica's running queries instead of cancelling them.
exec postgres -c hot_standby=on -c hot_standby_feedback=on
