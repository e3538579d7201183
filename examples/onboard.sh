#!/usr/bin/env bash
# Onboard an enterprise the way an operator scripts it: administrator, two members,
# CA authorization, a paid package. Every step's --json output is read with jq. No one has a
# certificate yet, so the operator does it all (a person acting with --as proves it with a
# certificate's PIN).
#
#   CATOOL_DB=/tmp/onboard.db examples/onboard.sh
#
# Uses `catool` from PATH, or the binary named by $CATOOL.
set -euo pipefail
catool="${CATOOL:-catool}"
export CATOOL_DB="${CATOOL_DB:?set CATOOL_DB to the registry file to use}"

person() { # name id-number email -> person id
    "$catool" --json person add --name "$1" --id-number "$2" --email "$3" | jq -r .id
}

admin=$(person 周强 110108198001010015 zhouqiang@example.com)
m1=$(person 吴敏 110108199203040022 wumin@example.com)
m2=$(person 郑浩 110108199506070034 zhenghao@example.com)

org=$("$catool" --json org add --name 杭州远航建设工程有限公司 --uscc 91330106MA2H00001E \
    --legal-rep 周强 --legal-rep-id 110108198001010015 --admin "$admin" | jq -r .id)

for m in "$m1" "$m2"; do
    "$catool" --json org member add --org "$org" --person "$m" >/dev/null
done

"$catool" --json org authorize --org "$org" --method face >/dev/null

package=$("$catool" --json package buy --org "$org" | jq -r .id)
slots=$("$catool" --json package pay --package "$package" | jq '.slots | length')

echo "enterprise $org: administrator $admin, members $m1 $m2, package $package with $slots slots"
"$catool" --json log verify | jq -r '"history: \(.events) events, intact"'
