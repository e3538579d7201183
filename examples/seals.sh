#!/usr/bin/env bash
# Seals for an enterprise and its people (D16–D18): generate the official, contract and
# legal-representative seals, a member's name seal; assign the contract seal to the
# administrator's certificate; let a member use the official seal for a bid window.
#
#   CATOOL_DB=/tmp/reg.db WORKDIR=/tmp/out examples/seals.sh
#
# Runs on a fresh registry: it onboards an enterprise and issues two certificates first; each
# person acting (--as) proves it with their certificate's PIN (--as-pin-file).
set -euo pipefail
catool="${CATOOL:-catool}"
export CATOOL_DB="${CATOOL_DB:?set CATOOL_DB to the registry file to use}"
work="${WORKDIR:-$(mktemp -d)}"
mkdir -p "$work/seals"

admin=$("$catool" --json person add --name 周强 --id-number 110108198001010015 | jq -r .id)
member=$("$catool" --json person add --name 吴敏 --id-number 110108199203040022 | jq -r .id)
org=$("$catool" --json org add --name 杭州远航建设工程有限公司 --uscc 91330106MA2H00001E \
    --legal-rep 周强 --legal-rep-id 110108198001010015 --admin "$admin" | jq -r .id)
"$catool" -q org member add --org "$org" --person "$member"
"$catool" -q org authorize --org "$org" --method face
package=$("$catool" --json package buy --org "$org" | jq -r .id)
slot=$("$catool" --json package pay --package "$package" | jq -r '.slots[] | select(.kind=="enterprise") | .id')
"$catool" -q ca init --name 远航CA --algo sm2
(umask 077; printf '%06d\n' $((RANDOM * 7 % 1000000)) > "$work/admin.pin")
"$catool" -q cert assign --slot "$slot" --owner "$admin" --holder "$admin"
cert=$("$catool" --json cert issue --slot "$slot" --pin-file "$work/admin.pin" | jq -r .id)
# The member gets a personal certificate: with its PIN she proves who she is (--as).
mslot=$("$catool" --json package show "$package" | jq -r '[.slots[] | select(.kind=="personal")][0].id')
(umask 077; printf '%06d\n' $((RANDOM * 11 % 1000000)) > "$work/member.pin")
"$catool" -q cert assign --slot "$mslot" --owner "$member" --holder "$member"
"$catool" -q cert issue --slot "$mslot" --pin-file "$work/member.pin"

# Generated seals are effective at once (D7).
make() { "$catool" --json seal make "$@" | jq -r .id; }
official=$(make --kind official --org "$org" --code 3301060012345 --out "$work/seals/official.png")
contract=$(make --kind contract --org "$org" --out "$work/seals/contract.png")
make --kind legal-rep --org "$org" --out "$work/seals/legal-rep.png" >/dev/null
make --kind name --person "$member" --out "$work/seals/name.png" >/dev/null

# 分配印章: the administrator gives the contract seal to his certificate (D18).
"$catool" --as "$admin" --as-pin-file "$work/admin.pin" -q seal assign --seal "$contract" --cert "$cert"
# 申请印章授权: the member asks for the official seal for a bid; the administrator approves.
grant=$("$catool" --as "$member" --as-pin-file "$work/member.pin" --json seal grant --seal "$official" \
    --from "$(date -u +%F)" --until "$(date -u -d '+30 days' +%F)" --reason "投标文件盖章" | jq -r .id)
"$catool" --as "$admin" --as-pin-file "$work/admin.pin" -q seal approve-grant --grant "$grant"
"$catool" --as "$member" --as-pin-file "$work/member.pin" seal check --seal "$official"

"$catool" seal list --org "$org"
echo "seal images in $work/seals"
