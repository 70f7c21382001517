#!/usr/bin/env bash
# Installs Debian's PostgreSQL when missing and starts its cluster on loopback, with the role the
# registry's tests connect as (aitc / aitc, allowed to create their own throw-away databases).
# Idempotent; prints the address the tests use. Called by Tools/bootstrap.sh (so by CI).
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! dpkg-query -W -f='${Status}' postgresql 2>/dev/null | grep -q "install ok installed"; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    as_root pg_createcluster "$version" main >/dev/null
fi
# Loopback only: the registry's tests never reach another address.
as_root pg_conftool "$version" main set listen_addresses localhost
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    as_root pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || { echo "postgres.sh: PostgreSQL $version did not start on 127.0.0.1:$port (see /var/log/postgresql/)" >&2; exit 1; }
as_root runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aitc') THEN CREATE ROLE aitc LOGIN PASSWORD 'aitc' CREATEDB; END IF;
END \$\$;" >/dev/null
echo "postgres://aitc:aitc@127.0.0.1:$port/postgres?tlsmode=disable"
