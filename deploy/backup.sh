#!/bin/sh
# Nightly backup of Strategia: the database and the files that must be kept (30 days).
# See docs/deployment.md, "Backups".
set -eu
. /etc/strategia/env
day=$(date +%F)
target=${BACKUP_DIR:-/var/backups/strategia}
mkdir -p "$target"
pg_dump --format=custom --dbname="$DATABASE_URL" --file="$target/db-$day.dump"
dirs=""
for dir in media imports; do [ -d "$STRATEGIA_VAR_DIR/$dir" ] && dirs="$dirs $dir"; done
# shellcheck disable=SC2086 # the list is split on purpose
[ -n "$dirs" ] && tar -C "$STRATEGIA_VAR_DIR" -czf "$target/files-$day.tar.gz" $dirs
find "$target" -mtime +30 -delete
