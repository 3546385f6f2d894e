#!/bin/sh
# Whole-system timing of a coordinator's work through the API: import N
# students and their mentors into a new program, import the same files
# again, allocate and store the groups, read them back.
#   docs/perf/people.sh 30000                       # SQLite in a temp folder
#   docs/perf/people.sh 30000 postgres://…/mh_perf  # an empty PostgreSQL database
set -eu
N=${1:-5000}
DB=${2:-}
T=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
go build -o "$T/mh" ./cmd/mentorhub
mkdir -p "$T/coh"
go run ./internal/tools/gencohort -n "$N" -out "$T/coh" >/dev/null
if [ -n "$DB" ]; then set -- --database-url "$DB"; else set -- --data "$T/data"; fi
"$T/mh" migrate "$@" >/dev/null
echo "a long perf password" | "$T/mh" user add --email admin@perf.example --name "Perf Admin" --role admin \
  --institution perf --institution-name "Perf University" --password-stdin "$@" >/dev/null
TOKEN=$("$T/mh" token issue --email admin@perf.example "$@")
"$T/mh" serve --addr 127.0.0.1:18931 "$@" 2>"$T/serve.log" &
SERVER=$!
sleep 1
API=http://127.0.0.1:18931/api/v1
H="Authorization: Bearer $TOKEN"
ID=$(curl -sf -H "$H" -H 'Content-Type: application/json' -X POST "$API/programs" -d '{"name": "Perf groups",
  "level": "institution", "transition": "first_year", "model": "fixed_group_voluntary", "mentor_kinds": ["senior_student"],
  "mandatory": false, "enrolment": "opt_out", "paid": true, "started": 2026, "status": "pilot"}' | grep -o '"id": [0-9]*' | head -1 | grep -o '[0-9]*')
timed() { label=$1; shift; start=$(date +%s.%N); "$@" > "$T/out"; end=$(date +%s.%N); printf '%-40s %.2f s  %s\n' "$label" "$(echo "$end - $start" | bc)" "$(tr -d "\n " < "$T/out" | head -c 70)"; }
timed "PUT students ($N)" curl -sf -H "$H" -H 'Content-Type: text/csv' -X PUT --data-binary @"$T/coh/students.csv" "$API/programs/$ID/students"
timed "PUT mentors" curl -sf -H "$H" -H 'Content-Type: text/csv' -X PUT --data-binary @"$T/coh/mentors.csv" "$API/programs/$ID/mentors"
timed "PUT students again (unchanged)" curl -sf -H "$H" -H 'Content-Type: text/csv' -X PUT --data-binary @"$T/coh/students.csv" "$API/programs/$ID/students"
timed "POST allocations" curl -sf -H "$H" -H 'Content-Type: application/json' -X POST "$API/programs/$ID/allocations" -d '{"group_min": 10, "group_max": 25, "mentors_per_group": 2, "seed": 1}'
timed "GET groups" curl -sf -H "$H" "$API/programs/$ID/groups"
